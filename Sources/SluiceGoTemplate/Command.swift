/// One command of a pipeline: a function, field or value and its arguments.
struct Command: Sendable {
    /// Byte offset of the command's first word.
    var pos: Int
    var args: [Argument]

    /// The command as Go writes it: arguments separated by spaces, inner pipelines in parentheses.
    var description: String {
        args.map { arg in
            if case .pipe = arg { return "(" + arg.description + ")" }
            return arg.description
        }.joined(separator: " ")
    }
}
