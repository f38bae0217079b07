import SluiceCore

/// A node of a template's body: text, actions and control structures.
indirect enum Node: Sendable {
    /// The parts of `if`, `range` and `with`.
    struct Branch: Sendable {
        var pos: Int
        var line: Int
        var pipe: Pipeline
        var list: [Node]
        var elseList: [Node]?
    }

    case text(pos: Int, String)
    case action(pos: Int, line: Int, Pipeline)
    case ifNode(Branch)
    case range(Branch)
    case with(Branch)
    case template(pos: Int, line: Int, name: String, pipe: Pipeline?)
    case breakNode(pos: Int)
    case continueNode(pos: Int)

    /// Byte offset in the template text.
    var pos: Int {
        switch self {
        case .text(let pos, _), .action(let pos, _, _), .template(let pos, _, _, _), .breakNode(let pos), .continueNode(let pos): return pos
        case .ifNode(let branch), .range(let branch), .with(let branch): return branch.pos
        }
    }

    /// The node as Go's `String()` writes it, for error messages.
    var description: String {
        switch self {
        case .text(_, let text): return text
        case .action(_, _, let pipe): return "{{" + pipe.description + "}}"
        case .ifNode(let branch): return Self.describe("if", branch)
        case .range(let branch): return Self.describe("range", branch)
        case .with(let branch): return Self.describe("with", branch)
        case .template(_, _, let name, let pipe):
            if let pipe { return "{{template \(GoQuote.quote(name)) \(pipe.description)}}" }
            return "{{template \(GoQuote.quote(name))}}"
        case .breakNode: return "{{break}}"
        case .continueNode: return "{{continue}}"
        }
    }

    private static func describe(_ keyword: String, _ branch: Branch) -> String {
        var out = "{{\(keyword) \(branch.pipe.description)}}" + branch.list.map(\.description).joined()
        if let elseList = branch.elseList { out += "{{else}}" + elseList.map(\.description).joined() }
        return out + "{{end}}"
    }

    /// Go's `parse.IsEmptyTree`: only white space text and comments.
    static func isEmpty(_ nodes: [Node]) -> Bool {
        nodes.allSatisfy { node in
            if case .text(_, let text) = node { return GoString.trimSpace(text).isEmpty }
            return false
        }
    }
}
