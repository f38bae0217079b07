import SluiceCore

/// Go's `text/template` builtins: `and`, `or`, `not`, `len`, `index`, `eq`, `ne`, `lt`, `le`, `gt`, `ge`,
/// `print`, `printf`, `println`, `html`, `js`, `urlquery` (`slice` is Sprig's, which Helm's map puts first).
enum BuiltinFunctions {
    static func register(in table: inout FunctionTable) {
        table.add("and", GoFunction([.value], variadic: .value, isBuiltin: true) { _, args in args.last ?? .missing })
        table.add("or", GoFunction([.value], variadic: .value, isBuiltin: true) { _, args in args.last ?? .missing })
        table.add("not", GoFunction([.value], isBuiltin: true) { _, args in .bool(!args[0].isTrue) })
        table.add("len", GoFunction([.value], isBuiltin: true) { _, args throws(FunctionError) in try length(args[0]) })
        table.add("index", GoFunction([.value], variadic: .value, isBuiltin: true) { _, args throws(FunctionError) in
            try index(args[0], Array(args.dropFirst()))
        })
        table.add("eq", GoFunction([.value], variadic: .value, isBuiltin: true) { _, args throws(FunctionError) in
            .bool(try equal(args[0], Array(args.dropFirst())))
        })
        table.add("ne", GoFunction([.value, .value], isBuiltin: true) { _, args throws(FunctionError) in
            .bool(!(try equal(args[0], [args[1]])))
        })
        table.add("lt", GoFunction([.value, .value], isBuiltin: true) { _, args throws(FunctionError) in .bool(try less(args[0], args[1])) })
        table.add("le", GoFunction([.value, .value], isBuiltin: true) { _, args throws(FunctionError) in
            if try less(args[0], args[1]) { return .bool(true) }
            return .bool(try equal(args[0], [args[1]]))
        })
        table.add("gt", GoFunction([.value, .value], isBuiltin: true) { _, args throws(FunctionError) in
            if try less(args[0], args[1]) { return .bool(false) }
            return .bool(!(try equal(args[0], [args[1]])))
        })
        table.add("ge", GoFunction([.value, .value], isBuiltin: true) { _, args throws(FunctionError) in .bool(!(try less(args[0], args[1]))) })
        table.add("print", GoFunction([], variadic: .any, isBuiltin: true) { _, args in .string(GoFormatter.sprint(args)) })
        table.add("println", GoFunction([], variadic: .any, isBuiltin: true) { _, args in .string(GoFormatter.sprintln(args)) })
        table.add("printf", GoFunction([.string], variadic: .any, isBuiltin: true) { _, args in
            .string(GoFormatter.sprintf(args[0].stringValue ?? "", Array(args.dropFirst())))
        })
        table.add("html", GoFunction([], variadic: .any, isBuiltin: true) { _, args in .string(htmlEscape(evalArgs(args))) })
        table.add("js", GoFunction([], variadic: .any, isBuiltin: true) { _, args in .string(jsEscape(evalArgs(args))) })
        table.add("urlquery", GoFunction([], variadic: .any, isBuiltin: true) { _, args in .string(queryEscape(evalArgs(args))) })
    }

    /// The text `html`, `js` and `urlquery` escape: the one string, or `fmt.Sprint` of the arguments (nil as `<no value>`).
    static func evalArgs(_ args: [GoValue]) -> String {
        if args.count == 1, let s = args[0].stringValue { return s }
        return GoFormatter.sprint(args.map { $0.isNil ? .string("<no value>") : $0 })
    }

    static func htmlEscape(_ s: String) -> String {
        var out = ""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "&#34;"
            case "'": out += "&#39;"
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\u{0}": out += "\u{FFFD}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func jsEscape(_ s: String) -> String {
        var out = ""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "'": out += "\\'"
            case "\"": out += "\\\""
            case "<": out += "\\u003C"
            case ">": out += "\\u003E"
            case "&": out += "\\u0026"
            case "=": out += "\\u003D"
            default:
                if scalar.value < 0x20 {
                    out += "\\u00" + GoQuote.hex(scalar.value, width: 2, upper: true)
                } else if scalar.value >= 0x80, !GoQuote.isPrint(scalar) {
                    out += "\\u" + GoQuote.hex(scalar.value, width: 4, upper: true)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// Go's `url.QueryEscape`.
    static func queryEscape(_ s: String) -> String {
        GoURL.escape(s, .queryComponent)
    }

    /// Go's `len`.
    static func length(_ value: GoValue) throws(FunctionError) -> GoValue {
        switch value {
        case .missing: throw FunctionError("reflect: call of reflect.Value.Type on zero Value")
        case .null: throw FunctionError("len of nil pointer")
        case .string(let s): return .int(s.utf8.count)
        case .slice(let elements, _): return .int(elements.count)
        case .map(let map): return .int(map.entries.count)
        default:
            if case .version = value { throw FunctionError("len of type semver.Version") }
            throw FunctionError("len of type \(value.typeName)")
        }
    }

    /// Go's `index`.
    static func index(_ item: GoValue, _ indexes: [GoValue]) throws(FunctionError) -> GoValue {
        var item = item
        if item.isNil { throw FunctionError("index of untyped nil") }
        for index in indexes {
            switch item {
            case .null, .missing:
                throw FunctionError("index of nil pointer")
            case .slice(let elements, _):
                let x = try indexArgument(index, count: elements.count)
                guard x < elements.count else { throw FunctionError("reflect: slice index out of range") }
                item = elements[x]
            case .string(let s):
                let bytes = Array(s.utf8)
                let x = try indexArgument(index, count: bytes.count)
                guard x < bytes.count else { throw FunctionError("reflect: string index out of range") }
                item = .uint8(bytes[x])
            case .map(let map):
                let key: String
                switch index {
                case .string(let s): key = s
                case .missing, .null: throw FunctionError("value is nil; should be of type string")
                default: throw FunctionError("value has type \(index.typeName); should be string")
                }
                item = map.entries[key] ?? map.elementType.zero
            case .version:
                throw FunctionError("can't index item of type semver.Version")
            default:
                throw FunctionError("can't index item of type \(item.typeName)")
            }
        }
        return item
    }

    private static func indexArgument(_ index: GoValue, count: Int) throws(FunctionError) -> Int {
        let x: Int64
        switch index {
        case .int(let i): x = Int64(i)
        case .int64(let i): x = i
        case .uint8(let i): x = Int64(i)
        case .missing, .null: throw FunctionError("cannot index slice/array with nil")
        default: throw FunctionError("cannot index slice/array with type \(index.typeName)")
        }
        if x < 0 || x > Int64(count) { throw FunctionError("index out of range: \(x)") }
        return Int(x)
    }

    /// Go's comparison kinds.
    private enum Kind: Equatable { case bool, int, uint, float, string, invalid, other }

    private static func kind(_ value: GoValue) -> Kind {
        switch value {
        case .missing, .null: return .invalid
        case .bool: return .bool
        case .int, .int64: return .int
        case .uint8: return .uint
        case .float64: return .float
        case .string: return .string
        default: return .other
        }
    }

    private static func intValue(_ value: GoValue) -> Int64 {
        switch value {
        case .int(let i): return Int64(i)
        case .int64(let i): return i
        case .uint8(let i): return Int64(i)
        default: return 0
        }
    }

    /// Go's `eq`: whether `first` equals any of `others`.
    static func equal(_ first: GoValue, _ others: [GoValue]) throws(FunctionError) -> Bool {
        if others.isEmpty { throw FunctionError("missing argument for comparison") }
        let k1 = kind(first)
        for other in others {
            let k2 = kind(other)
            var truth = false
            if k1 != k2 {
                if (k1 == .int && k2 == .uint) || (k1 == .uint && k2 == .int) {
                    truth = intValue(first) == intValue(other)
                } else if k1 != .invalid && k2 != .invalid {
                    throw FunctionError("incompatible types for comparison")
                }
            } else {
                switch (first, other) {
                case let (.bool(a), .bool(b)): truth = a == b
                case let (.float64(a), .float64(b)): truth = a == b
                case let (.string(a), .string(b)): truth = a == b
                default:
                    switch k1 {
                    case .int, .uint: truth = intValue(first) == intValue(other)
                    case .invalid: truth = true
                    default:
                        switch (first, other) {
                        case let (.version(a), .version(b)): truth = a == b && a.original == b.original
                        // time.Time is a comparable struct: == compares the instant and the location.
                        case let (.time(a), .time(b)): truth = a == b
                        default:
                            if first.typeName != other.typeName {
                                throw FunctionError("incompatible types for comparison")
                            }
                            throw FunctionError("non-comparable type \(GoFormatter.string(other)): \(other.typeName)")
                        }
                    }
                }
            }
            if truth { return true }
        }
        return false
    }

    /// Go's `lt`.
    static func less(_ a: GoValue, _ b: GoValue) throws(FunctionError) -> Bool {
        let k1 = kind(a)
        let k2 = kind(b)
        if k1 == .invalid || k1 == .other || k2 == .invalid || k2 == .other { throw FunctionError("invalid type for comparison") }
        if k1 != k2 {
            if (k1 == .int && k2 == .uint) || (k1 == .uint && k2 == .int) { return intValue(a) < intValue(b) }
            throw FunctionError("incompatible types for comparison")
        }
        switch (a, b) {
        case (.bool, .bool): throw FunctionError("invalid type for comparison")
        case let (.float64(x), .float64(y)): return x < y
        case let (.string(x), .string(y)): return GoString.less(x, y)
        default: return intValue(a) < intValue(b)
        }
    }
}
