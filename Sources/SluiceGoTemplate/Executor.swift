import SluiceCore

/// One execution of a template: Go's `text/template` `state` — dot, variables, output, and where an error would be reported.
final class Executor {
    /// The set being rendered (templates, functions, options).
    let set: TemplateSet
    /// The template being walked (its text locates errors).
    private(set) var template: ParsedTemplate
    private let rootDot: Slot
    private var variables: [(name: String, value: Slot)]
    private var output = ""
    /// The node an error would be reported at.
    var site: ErrorSite?
    /// How deep `template`, `include` and `tpl` calls are nested.
    private(set) var depth: Int
    /// Includes in progress, by name (shared with nested `tpl` renders).
    let includeCounts: IncludeCounter

    init(set: TemplateSet, template: ParsedTemplate, dot: Slot, includeCounts: IncludeCounter, depth: Int) {
        self.set = set
        self.template = template
        self.rootDot = dot
        self.variables = [("$", dot)]
        self.includeCounts = includeCounts
        self.depth = depth
    }

    /// Walks the template and returns what it wrote.
    func run() throws(GoTemplateError) -> String {
        do {
            try walk(rootDot, template.root)
        } catch let error as GoTemplateError {
            throw error
        } catch {
            // break/continue cannot escape a range: the parser refuses them outside one.
            throw GoTemplateError(kind: .execution, message: "template: \(template.name): \(error)")
        }
        return output
    }

    /// Renders the template `name` of this set with `dot` into a string of its own (Helm's `include`).
    func execute(templateNamed name: String, dot: GoValue) throws(GoTemplateError) -> String {
        guard let tree = set.templates[name] else {
            throw GoTemplateError(kind: .execution, message: "template: no template \(GoQuote.quote(name)) associated with template \(GoQuote.quote(set.name))")
        }
        if depth + 1 > set.maxDepth {
            throw GoTemplateError(kind: .execution, message: "exceeded maximum template depth (\(set.maxDepth))")
        }
        let nested = Executor(set: set, template: tree, dot: Slot(dot), includeCounts: includeCounts, depth: depth + 1)
        return try nested.run()
    }

    // MARK: - Errors

    /// An execution error at the current node, worded as Go's `ExecError`.
    func failure(_ message: String) -> GoTemplateError {
        guard let site else {
            return GoTemplateError(kind: .execution, message: "template: \(template.name): \(message)")
        }
        let location = template.location(of: site.pos)
        return GoTemplateError(kind: .execution, message: "template: \(location): executing \(GoQuote.quote(template.name)) at <\(site.description)>: \(message)")
    }

    // MARK: - Variables

    private func push(_ name: String, _ value: Slot) { variables.append((name, value)) }

    private func pop(to mark: Int) { variables.removeLast(variables.count - mark) }

    private func setVariable(_ name: String, _ value: Slot) throws(GoTemplateError) {
        for index in variables.indices.reversed() where variables[index].name == name {
            variables[index].value = value
            return
        }
        throw failure("undefined variable: \(name)")
    }

    private func setTopVariable(_ n: Int, _ value: Slot) {
        variables[variables.count - n].value = value
    }

    private func variable(_ name: String) throws(GoTemplateError) -> Slot {
        for entry in variables.reversed() where entry.name == name { return entry.value }
        throw failure("undefined variable: \(name)")
    }

    // MARK: - Walking

    private func walk(_ dot: Slot, _ nodes: [Node]) throws {
        for node in nodes { try walk(dot, node) }
    }

    private func checkOutputSize() throws(GoTemplateError) {
        if output.utf8.count > set.maxOutputSize { throw failure("output exceeds \(set.maxOutputSize) bytes") }
    }

    /// Counts a step against the render's budget and stops when it is spent or cancelled.
    private func step() throws(GoTemplateError) {
        if let budget = set.budget, let reason = budget.step() { throw failure(reason) }
    }

    private func walk(_ dot: Slot, _ node: Node) throws {
        site = .node(node)
        try step()
        switch node {
        case .text(_, let text):
            output += text
            try checkOutputSize()
        case .action(_, _, let pipe):
            let value = try evalPipeline(dot, pipe)
            if pipe.decl.isEmpty {
                site = .node(node)
                output += Self.printed(value)
                try checkOutputSize()
            }
        case .ifNode(let branch):
            try walkIfOrWith(isWith: false, dot, branch)
        case .with(let branch):
            try walkIfOrWith(isWith: true, dot, branch)
        case .range(let branch):
            try walkRange(dot, node, branch)
        case .template(_, _, let name, let pipe):
            try walkTemplate(dot, name: name, pipe: pipe)
        case .breakNode:
            throw ControlFlow.breakLoop
        case .continueNode:
            throw ControlFlow.continueLoop
        }
    }

    /// What an action prints: `<no value>` for no value, the result of a `String` method where the value has one
    /// (Go's `printableValue` calls it, through the address of a struct field, as for Helm's `*KubeVersion`), else
    /// `fmt.Sprint`.
    static func printed(_ slot: Slot) -> String {
        if case .missing = slot.value { return "<no value>" }
        if case .named(let named) = slot.value, let printed = named.printed { return printed }
        if case .map(let map) = slot.value, let stringer = map.methods["String"], stringer.arity == 0,
           case .string(let text)? = try? stringer.body([]) {
            return text
        }
        return GoFormatter.string(slot.value)
    }

    private func walkIfOrWith(isWith: Bool, _ dot: Slot, _ branch: Node.Branch) throws {
        let mark = variables.count
        defer { pop(to: mark) }
        let value = try evalPipeline(dot, branch.pipe)
        if value.value.isTrue {
            try walk(isWith ? value : dot, branch.list)
        } else if let elseList = branch.elseList {
            try walk(dot, elseList)
        }
    }

    private func walkRange(_ dot: Slot, _ node: Node, _ branch: Node.Branch) throws {
        site = .node(node)
        let mark = variables.count
        defer { pop(to: mark) }
        let value = try evalPipeline(dot, branch.pipe)
        let innerMark = variables.count
        let decl = branch.pipe.decl
        func iteration(_ index: Slot, _ element: Slot) throws {
            try step()
            if !decl.isEmpty {
                if branch.pipe.isAssign {
                    try setVariable(decl[0].name, decl.count > 1 ? index : element)
                } else {
                    setTopVariable(1, element)
                }
            }
            if decl.count > 1 {
                if branch.pipe.isAssign {
                    try setVariable(decl[1].name, element)
                } else {
                    setTopVariable(2, index)
                }
            }
            defer { pop(to: innerMark) }
            do {
                try walk(element, branch.list)
            } catch ControlFlow.continueLoop {
            }
        }
        var ranged = value.value
        if case .named(let named) = ranged { ranged = named.underlying }
        do {
            switch ranged {
            case .slice(let elements, let elementType):
                if !elements.isEmpty {
                    for (index, element) in elements.enumerated() {
                        try iteration(Slot(.int(index)), Slot(value: element, isInterface: elementType == .interface))
                    }
                    return
                }
            case .map(let map):
                if !map.entries.isEmpty {
                    for entry in map.sortedEntries {
                        try iteration(Slot(.string(entry.key)), Slot(value: entry.value, isInterface: map.elementType == .interface))
                    }
                    return
                }
            case .missing:
                break
            case .int, .int64, .uint8:
                if decl.count > 1 { throw failure("can't use \(GoFormatter.string(value.value)) to iterate over more than one variable") }
                let bound: Int64
                switch value.value {
                case .int(let n): bound = Int64(n)
                case .int64(let n): bound = n
                case .uint8(let n): bound = Int64(n)
                default: bound = 0
                }
                if bound > 0 {
                    for i in 0..<bound {
                        let element: GoValue
                        switch value.value {
                        case .int: element = .int(Int(i))
                        case .int64: element = .int64(i)
                        default: element = .uint8(UInt8(i))
                        }
                        try iteration(.missing, Slot(element))
                    }
                    return
                }
            default:
                throw failure("range can't iterate over \(GoFormatter.string(value.value))")
            }
        } catch ControlFlow.breakLoop {
            return
        }
        if let elseList = branch.elseList { try walk(dot, elseList) }
    }

    private func walkTemplate(_ dot: Slot, name: String, pipe: Pipeline?) throws {
        guard let tree = set.templates[name] else { throw failure("template \(GoQuote.quote(name)) not defined") }
        if depth + 1 > set.maxDepth { throw failure("exceeded maximum template depth (\(set.maxDepth))") }
        let newDot = try evalPipeline(dot, pipe)
        let savedTemplate = template
        let savedVariables = variables
        template = tree
        variables = [("$", newDot)]
        depth += 1
        defer {
            template = savedTemplate
            variables = savedVariables
            depth -= 1
        }
        try walk(newDot, tree.root)
    }

    // MARK: - Evaluation

    /// Evaluates a pipeline (declaring or assigning its variables) and unwraps the result out of its interface slot.
    func evalPipeline(_ dot: Slot, _ pipe: Pipeline?) throws(GoTemplateError) -> Slot {
        guard let pipe else { return .missing }
        site = .pipeline(pipe)
        var value: Slot?
        for command in pipe.commands {
            value = try evalCommand(dot, command, final: value).unwrapped
        }
        let result = value ?? .missing
        for variable in pipe.decl {
            if pipe.isAssign {
                try setVariable(variable.name, result)
            } else {
                push(variable.name, result)
            }
        }
        return result
    }

    private func notAFunction(_ args: [Argument], final: Slot?) throws(GoTemplateError) {
        if args.count > 1 || final != nil {
            throw failure("can't give argument to non-function \(args[0].description)")
        }
    }

    private func evalCommand(_ dot: Slot, _ command: Command, final: Slot?) throws(GoTemplateError) -> Slot {
        let first = command.args[0]
        switch first {
        case .field(_, let idents):
            site = .argument(first)
            return try evalFieldChain(dot, receiver: dot, idents: idents[...], args: command.args, final: final)
        case .chain:
            return try evalChain(dot, first, args: command.args, final: final)
        case .identifier(_, let name):
            return try evalFunction(dot, name: name, identifier: first, command: .command(command), args: command.args, final: final)
        case .pipe(let pipe):
            try notAFunction(command.args, final: final)
            return try evalPipeline(dot, pipe)
        case .variable:
            return try evalVariable(dot, first, args: command.args, final: final)
        default:
            break
        }
        site = .argument(first)
        try notAFunction(command.args, final: final)
        switch first {
        case .bool(_, let b): return Slot(.bool(b))
        case .dot: return dot
        case .null: throw failure("nil is not a command")
        case .number(_, let number): return try idealConstant(number)
        case .string(_, _, let text): return Slot(.string(text))
        default: throw failure("can't evaluate command \(GoQuote.quote(first.description))")
        }
    }

    private func idealConstant(_ number: NumberLiteral) throws(GoTemplateError) -> Slot {
        if number.isFloatSyntax { return Slot(.float64(number.float)) }
        if number.isInt { return Slot(.int(Int(number.int))) }
        if number.isUint { throw failure("\(number.text) overflows int") }
        return .missing
    }

    private func evalVariable(_ dot: Slot, _ node: Argument, args: [Argument], final: Slot?) throws(GoTemplateError) -> Slot {
        guard case .variable(_, let idents) = node else { return .missing }
        site = .argument(node)
        let value = try variable(idents[0])
        if idents.count == 1 {
            try notAFunction(args, final: final)
            return value
        }
        return try evalFieldChain(dot, receiver: value, idents: idents[1...], args: args, final: final)
    }

    private func evalChain(_ dot: Slot, _ node: Argument, args: [Argument], final: Slot?) throws(GoTemplateError) -> Slot {
        guard case .chain(_, let base, let fields) = node else { return .missing }
        site = .argument(node)
        if case .null = base { throw failure("indirection through explicit nil in \(node.description)") }
        // Go reports a failing field at the last node the base evaluated, not at the chain.
        let receiver = try evalOperand(dot, base)
        return try evalFieldChain(dot, receiver: receiver, idents: fields[...], args: args, final: final)
    }

    /// A field, variable, pipeline, function or chain used as a value (Go's `evalArg` with no type).
    private func evalOperand(_ dot: Slot, _ node: Argument) throws(GoTemplateError) -> Slot {
        site = .argument(node)
        switch node {
        case .dot: return dot
        case .field(_, let idents): return try evalFieldChain(dot, receiver: dot, idents: idents[...], args: [node], final: nil)
        case .variable: return try evalVariable(dot, node, args: [], final: nil)
        case .pipe(let pipe): return try evalPipeline(dot, pipe)
        case .identifier(_, let name): return try evalFunction(dot, name: name, identifier: node, command: .argument(node), args: [], final: nil)
        case .chain: return try evalChain(dot, node, args: [], final: nil)
        case .bool(_, let b): return Slot(.bool(b))
        case .number(_, let number): return try idealConstant(number)
        case .string(_, _, let text): return Slot(.string(text))
        case .null: return .missing
        }
    }

    private func evalFieldChain(_ dot: Slot, receiver: Slot, idents: ArraySlice<String>, args: [Argument], final: Slot?) throws(GoTemplateError) -> Slot {
        var receiver = receiver
        for ident in idents.dropLast() {
            receiver = try evalField(dot, ident, args: [], final: nil, receiver: receiver)
        }
        return try evalField(dot, idents.last!, args: args, final: final, receiver: receiver)
    }

    private func evalField(_ dot: Slot, _ name: String, args: [Argument], final: Slot?, receiver: Slot) throws(GoTemplateError) -> Slot {
        if case .missing = receiver.value {
            if set.missingKey == .error { throw failure("nil data; no entry for key \(GoQuote.quote(name))") }
            return .missing
        }
        let typeName = receiver.typeName
        if case .null = receiver.value { throw failure("nil pointer evaluating \(typeName).\(name)") }
        let hasArgs = args.count > 1 || final != nil
        switch receiver.value {
        case .map(let map):
            if let method = map.methods[name] { return try call(method, named: name, dot, args: args, final: final) }
            if hasArgs { throw failure("\(name) is not a method but has arguments") }
            if let value = map.entries[name] { return Slot(value: value, isInterface: map.elementType == .interface) }
            switch set.missingKey {
            case .noValue: return .missing
            case .zero: return Slot(value: map.elementType.zero, isInterface: map.elementType == .interface)
            case .error: throw failure("map has no entry for key \(GoQuote.quote(name))")
            }
        case .version(let version):
            if let result = SemverFunctions.method(name, of: version) {
                if hasArgs { throw failure("wrong number of args for \(name): want 0 got \(args.count - 1 + (final == nil ? 0 : 1))") }
                return Slot(result)
            }
        case .named(let named):
            if let method = named.methods[name] { return try call(method, named: name, dot, args: args, final: final) }
            return try evalField(dot, name, args: args, final: final, receiver: Slot(value: named.underlying, isInterface: false))
        case .time(let time):
            if let result = DateFunctions.method(name, of: time) {
                if hasArgs { throw failure("wrong number of args for \(name): want 0 got \(args.count - 1 + (final == nil ? 0 : 1))") }
                return Slot(result)
            }
            if let method = GoTimeMethod.named(name) { return try call(method, named: name, of: time, dot, args: args, final: final) }
        default:
            break
        }
        throw failure("can't evaluate field \(name) in type \(typeName)")
    }

    /// Calls a method of a map (its parameters are strings), as Go's `evalCall` does for a method value.
    private func call(_ method: TemplateMethod, named name: String, _ dot: Slot, args: [Argument], final: Slot?) throws(GoTemplateError) -> Slot {
        let argNodes = args.dropFirst()
        let count = argNodes.count + (final == nil ? 0 : 1)
        guard count == method.arity else { throw failure("wrong number of args for \(name): want \(method.arity) got \(count)") }
        let savedSite = site
        var argv: [String] = []
        for node in argNodes { argv.append(try evalArgument(dot, .string, node).value.stringValue ?? "") }
        if let final { argv.append(try validate(final, .string).value.stringValue ?? "") }
        site = savedSite
        do {
            return Slot(GoValue(data: try method.body(argv)))
        } catch {
            throw failure("error calling \(name): \(error)")
        }
    }

    /// Calls a method of `time.Time` with its arguments checked and converted, as Go's `evalCall` does.
    private func call(_ method: GoTimeMethod, named name: String, of time: GoTime, _ dot: Slot, args: [Argument], final: Slot?) throws(GoTemplateError) -> Slot {
        let argNodes = args.dropFirst()
        let count = argNodes.count + (final == nil ? 0 : 1)
        guard count == method.parameters.count else {
            throw failure("wrong number of args for \(name): want \(method.parameters.count) got \(count)")
        }
        if let refusal = method.refusal { throw failure(refusal) }
        let savedSite = site
        var argv: [GoValue] = []
        for (node, type) in zip(argNodes, method.parameters) { argv.append(try evalArgument(dot, type, node).value) }
        if let final, let type = method.parameters.last { argv.append(try validate(final, type).value) }
        site = savedSite
        do {
            return Slot(try method.body(time, argv))
        } catch {
            throw failure(error.message)
        }
    }

    private func evalFunction(_ dot: Slot, name: String, identifier: Argument, command: ErrorSite, args: [Argument], final: Slot?) throws(GoTemplateError) -> Slot {
        site = .argument(identifier)
        guard let function = set.functions[name] else { throw failure("\(GoQuote.quote(name)) is not a defined function") }
        let argNodes = Array(args.dropFirst())
        let numIn = argNodes.count + (final == nil ? 0 : 1)
        var numFixed = argNodes.count
        if function.variadic != nil {
            numFixed = function.parameters.count
            if numIn < numFixed {
                throw failure("wrong number of args for \(name): want at least \(numFixed) got \(argNodes.count)")
            }
        } else if numIn != function.parameters.count {
            throw failure("wrong number of args for \(name): want \(function.parameters.count) got \(numIn)")
        }
        if function.isBuiltin, name == "and" || name == "or" {
            var value = Slot.missing
            for node in argNodes {
                value = try evalArgument(dot, .value, node)
                if value.value.isTrue == (name == "or") { return value }
            }
            if let final { value = final }
            return value
        }
        var argv: [GoValue] = []
        argv.reserveCapacity(numIn)
        var index = 0
        while index < numFixed, index < argNodes.count {
            argv.append(try evalArgument(dot, function.parameters[index], argNodes[index]).value)
            index += 1
        }
        if let variadic = function.variadic {
            while index < argNodes.count {
                argv.append(try evalArgument(dot, variadic, argNodes[index]).value)
                index += 1
            }
        }
        if let final {
            var type = function.parameters.last ?? .any
            if let variadic = function.variadic {
                type = numIn - 1 < numFixed ? function.parameters[numIn - 1] : variadic
            }
            argv.append(try validate(final, type).value)
        }
        let result: GoValue
        do {
            result = try function.body(self, argv)
        } catch {
            site = command
            throw failure("error calling \(name): \(error.message)")
        }
        return Slot(result)
    }

    /// Go's `evalArg`: an argument evaluated for a parameter of `type`, literals converted to it.
    private func evalArgument(_ dot: Slot, _ type: GoFunction.Parameter, _ node: Argument) throws(GoTemplateError) -> Slot {
        site = .argument(node)
        switch node {
        case .dot:
            return try validate(dot, type)
        case .null:
            // A reflect.Value parameter takes nil as the zero Value (no value).
            if type == .value { return .missing }
            if type.canBeNil { return Slot(.null) }
            throw failure("cannot assign nil to \(type.name)")
        case .field, .variable, .pipe, .identifier, .chain:
            let value = try evalOperand(dot, node)
            site = .argument(node)
            return try validate(value, type)
        case .bool(_, let b):
            switch type {
            case .bool, .any, .value: return Slot(.bool(b))
            default: break
            }
        case .number(_, let number):
            switch type {
            case .any, .value: return try idealConstant(number)
            case .int where number.isInt: return Slot(.int(Int(number.int)))
            case .int64 where number.isInt: return Slot(.int64(number.int))
            case .duration where number.isInt: return Slot(GoTimeMethod.duration(number.int))
            case .float64 where number.isFloat: return Slot(.float64(number.float))
            case .int, .int64, .duration: throw failure("expected integer; found \(node.description)")
            case .float64: throw failure("expected float; found \(node.description)")
            default: break
            }
        case .string(_, _, let text):
            switch type {
            case .string, .any, .value: return Slot(.string(text))
            default: break
            }
        }
        switch type {
        case .bool: throw failure("expected bool; found \(node.description)")
        case .string: throw failure("expected string; found \(node.description)")
        case .int, .int64, .duration: throw failure("expected integer; found \(node.description)")
        case .float64: throw failure("expected float; found \(node.description)")
        default: throw failure("can't handle \(node.description) for arg of type \(type.name)")
        }
    }

    /// Go's `validateType`: whether the value may be passed as `type` (an interface slot is looked into once).
    private func validate(_ slot: Slot, _ type: GoFunction.Parameter) throws(GoTemplateError) -> Slot {
        // Functions see a named type's underlying value, as Go's reflection on a slice or struct does.
        if case .named(let named) = slot.value, named.passesUnderlying(to: type) { return try validate(Slot(value: named.underlying, isInterface: false), type) }
        switch type {
        case .value:
            return slot
        case .any:
            if case .missing = slot.value { return Slot(.null) }
            return slot
        default:
            break
        }
        switch slot.value {
        case .missing:
            if type.canBeNil { return Slot(.null) }
            throw failure("invalid value; expected \(type.name)")
        case .null:
            throw failure("wrong type for value; expected \(type.name); got interface {}")
        default:
            break
        }
        let fits: Bool
        switch (type, slot.value) {
        case (.string, .string), (.int, .int), (.int64, .int64), (.float64, .float64), (.bool, .bool), (.time, .time): fits = true
        case (.map, .map(let map)): fits = map.elementType == .interface
        case (.duration, .named(let named)): fits = named.typeName == "time.Duration"
        default: fits = false
        }
        if fits { return Slot(value: slot.value, isInterface: false) }
        throw failure("wrong type for value; expected \(type.name); got \(slot.value.typeName)")
    }
}
