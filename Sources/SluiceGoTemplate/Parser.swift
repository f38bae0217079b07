import SluiceCore

/// Go's `text/template/parse` parser: turns one text into its named templates (the text itself and every `define` and `block` in it).
///
/// Errors carry Go's messages and locations (`template: NAME:LINE: …`).
struct Parser {
    /// A parse failure with Go's message.
    struct Failure: Error {
        var message: String
    }

    private let parseName: String
    private let text: [UInt8]
    private let tokens: [Token]
    private let isFunction: (String) -> Bool
    private var index = 0
    /// The furthest token read: Go reports parse errors at that token's line.
    private var furthest = 0
    private var vars: [String] = ["$"]
    private var rangeDepth = 0
    private var actionLine = 0
    private var depth = 0
    private(set) var trees: [String: ParsedTemplate] = [:]
    private var treeOrder: [String] = []

    /// The deepest nesting of parentheses and control structures accepted.
    static let maxDepth = 100

    /// Parses `text` named `name`; `isFunction` says which function names exist.
    static func parse(name: String, text: String, isFunction: @escaping (String) -> Bool) throws(Failure) -> [ParsedTemplate] {
        var parser = Parser(parseName: name, text: text, isFunction: isFunction)
        let root = try parser.parseRoot()
        try parser.add(ParsedTemplate(name: name, parseName: name, text: parser.text, root: root))
        return parser.treeOrder.map { parser.trees[$0]! }
    }

    private init(parseName: String, text: String, isFunction: @escaping (String) -> Bool) {
        self.parseName = parseName
        self.text = Array(text.utf8)
        self.tokens = Lexer(text).tokens
        self.isFunction = isFunction
    }

    // MARK: - Tokens

    private mutating func next() -> Token {
        let token = tokens[min(index, tokens.count - 1)]
        furthest = max(furthest, min(index, tokens.count - 1))
        index += 1
        return token
    }

    private mutating func peek() -> Token {
        let token = tokens[min(index, tokens.count - 1)]
        furthest = max(furthest, min(index, tokens.count - 1))
        return token
    }

    private mutating func backup(_ count: Int = 1) { index -= count }

    private mutating func nextNonSpace() -> Token {
        var token = next()
        while token.kind == .space { token = next() }
        return token
    }

    private mutating func peekNonSpace() -> Token {
        let token = nextNonSpace()
        backup()
        return token
    }

    // MARK: - Errors

    private func error(_ message: String) -> Failure {
        let line = tokens[min(furthest, tokens.count - 1)].line
        return Failure(message: "template: \(parseName):\(line): \(message)")
    }

    private func unexpected(_ token: Token, _ context: String) -> Failure {
        if token.kind == .error {
            var extra = ""
            if actionLine != 0, actionLine != token.line {
                extra = " in action started at \(parseName):\(actionLine)"
                if token.value.hasSuffix(" action") { extra = String(extra.dropFirst(" in action".count)) }
            }
            return error("\(token.description)\(extra)")
        }
        return error("unexpected \(token.description) in \(context)")
    }

    private mutating func expect(_ kind: Token.Kind, _ context: String) throws(Failure) -> Token {
        let token = nextNonSpace()
        if token.kind != kind { throw unexpected(token, context) }
        return token
    }

    // MARK: - Trees

    private mutating func add(_ tree: ParsedTemplate) throws(Failure) {
        if let existing = trees[tree.name], !Node.isEmpty(existing.root) {
            if !Node.isEmpty(tree.root) {
                throw error("template: multiple definition of template \(GoQuote.quote(tree.name))")
            }
            return
        }
        if trees[tree.name] == nil { treeOrder.append(tree.name) }
        trees[tree.name] = tree
    }

    private mutating func parseRoot() throws(Failure) -> [Node] {
        var root: [Node] = []
        while peek().kind != .eof {
            if peek().kind == .leftDelim {
                let delim = next()
                let mark = index - 1
                if nextNonSpace().kind == .define {
                    try parseDefinition()
                    continue
                }
                _ = delim
                index = mark
            }
            let node = try textOrAction()
            switch node {
            case .end(let description), .elseMarker(let description, _, _):
                throw error("unexpected \(description)")
            case .node(let node):
                if let node { root.append(node) }
            }
        }
        return root
    }

    private mutating func parseDefinition() throws(Failure) {
        let context = "define clause"
        let nameToken = nextNonSpace()
        guard nameToken.kind == .string || nameToken.kind == .rawString else { throw unexpected(nameToken, context) }
        let name: String
        do { name = try GoQuote.unquote(nameToken.value) } catch { throw self.error("invalid syntax") }
        _ = try expect(.rightDelim, context)
        let savedVars = vars
        vars = ["$"]
        let (list, end) = try itemList()
        vars = savedVars
        guard case .end = end else { throw error("unexpected \(end.description) in \(context)") }
        try add(ParsedTemplate(name: name, parseName: parseName, text: text, root: list))
    }

    /// What `textOrAction` found: a node, an `{{end}}`, or an `{{else}}` (with where it was).
    private enum Item {
        case node(Node?)
        case end(String)
        case elseMarker(String, pos: Int, line: Int)

        var description: String {
            switch self {
            case .node(let node): return node?.description ?? ""
            case .end(let description), .elseMarker(let description, _, _): return description
            }
        }
    }

    private mutating func itemList() throws(Failure) -> ([Node], Item) {
        var list: [Node] = []
        while peekNonSpace().kind != .eof {
            let item = try textOrAction()
            switch item {
            case .end, .elseMarker: return (list, item)
            case .node(let node): if let node { list.append(node) }
            }
        }
        if peekNonSpace().kind == .error { throw unexpected(peekNonSpace(), "input") }
        throw error("unexpected EOF")
    }

    private mutating func textOrAction() throws(Failure) -> Item {
        let token = nextNonSpace()
        switch token.kind {
        case .text:
            return .node(.text(pos: token.pos, token.value))
        case .leftDelim:
            actionLine = token.line
            defer { actionLine = 0 }
            return try action()
        default:
            throw unexpected(token, "input")
        }
    }

    private mutating func action() throws(Failure) -> Item {
        let token = nextNonSpace()
        switch token.kind {
        case .block: return .node(try blockControl())
        case .breakKeyword: return .node(try breakControl(token, isBreak: true))
        case .continueKeyword: return .node(try breakControl(token, isBreak: false))
        case .elseKeyword: return try elseControl()
        case .end:
            _ = try expect(.rightDelim, "end")
            return .end("{{end}}")
        case .ifKeyword: return .node(try control("if"))
        case .range: return .node(try control("range"))
        case .template: return .node(try templateControl())
        case .with: return .node(try control("with"))
        default: break
        }
        backup()
        let first = peek()
        return .node(.action(pos: first.pos, line: first.line, try pipeline("command", end: .rightDelim)))
    }

    private mutating func breakControl(_ token: Token, isBreak: Bool) throws(Failure) -> Node {
        let next = nextNonSpace()
        let name = isBreak ? "{{break}}" : "{{continue}}"
        if next.kind != .rightDelim { throw unexpected(next, name) }
        if rangeDepth == 0 { throw error("\(name) outside {{range}}") }
        return isBreak ? .breakNode(pos: token.pos) : .continueNode(pos: token.pos)
    }

    private mutating func elseControl() throws(Failure) -> Item {
        let peeked = peekNonSpace()
        if peeked.kind == .ifKeyword || peeked.kind == .with {
            return .elseMarker("{{else}}", pos: peeked.pos, line: peeked.line)
        }
        let token = try expect(.rightDelim, "else")
        return .elseMarker("{{else}}", pos: token.pos, line: token.line)
    }

    private mutating func control(_ context: String) throws(Failure) -> Node {
        depth += 1
        defer { depth -= 1 }
        if depth > Self.maxDepth { throw error("max expression depth exceeded") }
        let savedVars = vars.count
        defer { vars.removeLast(vars.count - savedVars) }
        let pipe = try pipeline(context, end: .rightDelim)
        if context == "range" { rangeDepth += 1 }
        var (list, next) = try itemList()
        if context == "range" { rangeDepth -= 1 }
        var elseList: [Node]?
        switch next {
        case .end:
            break
        case .elseMarker:
            if context == "if", peek().kind == .ifKeyword {
                _ = self.next()
                elseList = [try control("if")]
            } else if context == "with", peek().kind == .with {
                _ = self.next()
                elseList = [try control("with")]
            } else {
                let rest: [Node]
                (rest, next) = try itemList()
                guard case .end = next else { throw error("expected end; found \(next.description)") }
                elseList = rest
            }
        case .node:
            break
        }
        _ = list
        let branch = Node.Branch(pos: pipe.pos, line: pipe.line, pipe: pipe, list: list, elseList: elseList)
        list = []
        switch context {
        case "if": return .ifNode(branch)
        case "range": return .range(branch)
        default: return .with(branch)
        }
    }

    private mutating func parseTemplateName(_ token: Token, _ context: String) throws(Failure) -> String {
        guard token.kind == .string || token.kind == .rawString else { throw unexpected(token, context) }
        do { return try GoQuote.unquote(token.value) } catch { throw self.error("invalid syntax") }
    }

    private mutating func blockControl() throws(Failure) -> Node {
        let context = "block clause"
        depth += 1
        defer { depth -= 1 }
        if depth > Self.maxDepth { throw error("max expression depth exceeded") }
        let token = nextNonSpace()
        let name = try parseTemplateName(token, context)
        let pipe = try pipeline(context, end: .rightDelim)
        let savedVars = vars
        let savedRange = rangeDepth
        vars = ["$"]
        rangeDepth = 0
        let (list, end) = try itemList()
        vars = savedVars
        rangeDepth = savedRange
        guard case .end = end else { throw error("unexpected \(end.description) in \(context)") }
        try add(ParsedTemplate(name: name, parseName: parseName, text: text, root: list))
        return .template(pos: token.pos, line: token.line, name: name, pipe: pipe)
    }

    private mutating func templateControl() throws(Failure) -> Node {
        let context = "template clause"
        let token = nextNonSpace()
        let name = try parseTemplateName(token, context)
        var pipe: Pipeline?
        if nextNonSpace().kind != .rightDelim {
            backup()
            pipe = try pipeline(context, end: .rightDelim)
        }
        return .template(pos: token.pos, line: token.line, name: name, pipe: pipe)
    }

    // MARK: - Pipelines

    private mutating func pipeline(_ context: String, end: Token.Kind) throws(Failure) -> Pipeline {
        let first = peekNonSpace()
        var pipe = Pipeline(pos: first.pos, line: first.line)
        decls: while true {
            let v = peekNonSpace()
            guard v.kind == .variable else { break decls }
            let variableStart = index
            // Skip to the variable.
            _ = nextNonSpace()
            let tokenAfterVariable = peek()
            let next = peekNonSpace()
            if next.kind == .assign || next.kind == .declare {
                pipe.isAssign = next.kind == .assign
                _ = nextNonSpace()
                pipe.decl.append(.init(pos: v.pos, name: v.value))
                vars.append(v.value)
            } else if next.kind == .char, next.value == "," {
                _ = nextNonSpace()
                pipe.decl.append(.init(pos: v.pos, name: v.value))
                vars.append(v.value)
                if context == "range", pipe.decl.count < 2 {
                    switch peekNonSpace().kind {
                    case .variable, .rightDelim, .rightParen:
                        continue decls
                    default:
                        throw error("range can only initialize variables")
                    }
                }
                throw error("too many declarations in \(context)")
            } else if tokenAfterVariable.kind == .space {
                index = variableStart
            } else {
                index = variableStart
            }
            break decls
        }
        while true {
            let token = nextNonSpace()
            if token.kind == end {
                try checkPipeline(pipe, context)
                return pipe
            }
            switch token.kind {
            case .bool, .charConstant, .complex, .dot, .field, .identifier, .number, .nilKeyword, .rawString, .string, .variable, .leftParen:
                backup()
                pipe.commands.append(try command())
            default:
                throw unexpected(token, context)
            }
        }
    }

    private func checkPipeline(_ pipe: Pipeline, _ context: String) throws(Failure) {
        if pipe.commands.isEmpty { throw error("missing value for \(context)") }
        for (offset, command) in pipe.commands.enumerated().dropFirst() {
            switch command.args[0] {
            case .bool, .dot, .null, .number, .string:
                throw error("non executable command in pipeline stage \(offset + 1)")
            default:
                break
            }
        }
    }

    private mutating func command() throws(Failure) -> Command {
        var cmd = Command(pos: peekNonSpace().pos, args: [])
        loop: while true {
            _ = peekNonSpace()
            if let operand = try operand() { cmd.args.append(operand) }
            let token = next()
            switch token.kind {
            case .space:
                continue loop
            case .rightDelim, .rightParen:
                backup()
            case .pipe:
                break
            default:
                throw unexpected(token, "operand")
            }
            break loop
        }
        if cmd.args.isEmpty { throw error("empty command") }
        return cmd
    }

    private mutating func operand() throws(Failure) -> Argument? {
        guard let node = try term() else { return nil }
        guard peek().kind == .field else { return node }
        var fields: [String] = []
        let chainPos = peek().pos
        while peek().kind == .field { fields.append(String(next().value.dropFirst())) }
        switch node {
        // Go gives the combined node the position of the first added field.
        case .field(_, let idents):
            return .field(pos: chainPos, idents: idents + fields)
        case .variable(_, let idents):
            return .variable(pos: chainPos, idents: idents + fields)
        case .bool, .string, .number, .null, .dot:
            throw error("unexpected . after term \(GoQuote.quote(node.description))")
        default:
            return .chain(pos: chainPos, node: node, fields: fields)
        }
    }

    private mutating func term() throws(Failure) -> Argument? {
        let token = nextNonSpace()
        switch token.kind {
        case .identifier:
            if !isFunction(token.value) { throw error("function \(GoQuote.quote(token.value)) not defined") }
            return .identifier(pos: token.pos, name: token.value)
        case .dot:
            return .dot(pos: token.pos)
        case .nilKeyword:
            return .null(pos: token.pos)
        case .variable:
            guard vars.contains(token.value) else { throw error("undefined variable \(GoQuote.quote(token.value))") }
            return .variable(pos: token.pos, idents: [token.value])
        case .field:
            return .field(pos: token.pos, idents: [String(token.value.dropFirst())])
        case .bool:
            return .bool(pos: token.pos, token.value == "true")
        case .charConstant, .complex, .number:
            do {
                return .number(pos: token.pos, try NumberLiteral(token.value, kind: token.kind))
            } catch {
                throw self.error(error.message)
            }
        case .leftParen:
            depth += 1
            defer { depth -= 1 }
            if depth > Self.maxDepth { throw error("max expression depth exceeded") }
            return .pipe(try pipeline("parenthesized pipeline", end: .rightParen))
        case .string, .rawString:
            do {
                return .string(pos: token.pos, quoted: token.value, text: try GoQuote.unquote(token.value))
            } catch {
                throw self.error("invalid syntax")
            }
        default:
            backup()
            return nil
        }
    }
}
