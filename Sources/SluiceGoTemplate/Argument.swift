/// An operand of a command: Go's field, variable, identifier, dot, nil, bool, number, string, pipe and chain nodes.
indirect enum Argument: Sendable {
    case field(pos: Int, idents: [String])
    /// `$x` or `$x.a.b`: `idents[0]` is the variable's name with its `$`.
    case variable(pos: Int, idents: [String])
    case identifier(pos: Int, name: String)
    case dot(pos: Int)
    case null(pos: Int)
    case bool(pos: Int, Bool)
    case number(pos: Int, NumberLiteral)
    /// A string literal: as written (with quotes) and its value.
    case string(pos: Int, quoted: String, text: String)
    case pipe(Pipeline)
    /// `(pipeline).a.b` or another term followed by fields.
    case chain(pos: Int, node: Argument, fields: [String])

    /// Byte offset in the template text.
    var pos: Int {
        switch self {
        case .field(let pos, _), .variable(let pos, _), .identifier(let pos, _), .dot(let pos), .null(let pos),
             .bool(let pos, _), .number(let pos, _), .string(let pos, _, _), .chain(let pos, _, _):
            return pos
        case .pipe(let pipe): return pipe.pos
        }
    }

    /// The node as Go's `String()` writes it, for error messages.
    var description: String {
        switch self {
        case .field(_, let idents): return idents.map { "." + $0 }.joined()
        case .variable(_, let idents): return idents.joined(separator: ".")
        case .identifier(_, let name): return name
        case .dot: return "."
        case .null: return "nil"
        case .bool(_, let b): return b ? "true" : "false"
        case .number(_, let number): return number.text
        case .string(_, let quoted, _): return quoted
        case .pipe(let pipe): return pipe.description
        case .chain(_, let node, let fields):
            var out: String
            if case .pipe = node { out = "(" + node.description + ")" } else { out = node.description }
            for field in fields { out += "." + field }
            return out
        }
    }
}
