/// A pipeline: optional variable declarations (`$x :=`) or assignments (`$x =`) and commands joined by `|`.
struct Pipeline: Sendable {
    /// A declared or assigned variable.
    struct Variable: Sendable {
        var pos: Int
        var name: String
    }

    var pos: Int
    var line: Int
    var isAssign = false
    var decl: [Variable] = []
    var commands: [Command] = []

    /// The pipeline as Go writes it (`$x := .a | quote`).
    var description: String {
        var out = ""
        if !decl.isEmpty {
            out += decl.map(\.name).joined(separator: ", ")
            out += isAssign ? " = " : " := "
        }
        out += commands.map(\.description).joined(separator: " | ")
        return out
    }
}
