/// Sprig's list functions: `list`, `append`, `prepend`, `first`, `last`, `rest`, `initial`, `reverse`, `uniq`, `without`,
/// `has`, `compact`, `slice`, `concat`, `chunk` (and their `must` forms, which report the same errors).
enum ListFunctions {
    /// The elements of a slice, or the error Sprig's reflection gives for anything else (nil panics in Go's `reflect.TypeOf(nil).Kind()`).
    static func elements(_ value: GoValue, _ verb: String) throws(FunctionError) -> [GoValue] {
        switch value {
        case .slice(let elements, _): return elements
        case .missing, .null: throw FunctionError("runtime error: invalid memory address or nil pointer dereference")
        default: throw FunctionError("Cannot \(verb) on type \(value.kindName)")
        }
    }

    static func register(in table: inout FunctionTable) {
        for name in ["list", "tuple"] {
            table.add(name, [], variadic: .any) { _, args in .list(args) }
        }
        for prefix in ["", "must"] {
            func name(_ base: String) -> String { prefix.isEmpty ? base : prefix + base.prefix(1).uppercased() + base.dropFirst() }
            for push in ["append", "push"] {
                table.add(name(push), [.any, .any]) { _, args throws(FunctionError) in .list(try elements(args[0], "push") + [args[1]]) }
            }
            table.add(name("prepend"), [.any, .any]) { _, args throws(FunctionError) in .list([args[1]] + (try elements(args[0], "prepend"))) }
            table.add(name("first"), [.any]) { _, args throws(FunctionError) in try elements(args[0], "find first").first ?? .null }
            table.add(name("last"), [.any]) { _, args throws(FunctionError) in try elements(args[0], "find last").last ?? .null }
            table.add(name("rest"), [.any]) { _, args throws(FunctionError) in .list(Array(try elements(args[0], "find rest").dropFirst())) }
            table.add(name("initial"), [.any]) { _, args throws(FunctionError) in .list(Array(try elements(args[0], "find initial").dropLast())) }
            table.add(name("reverse"), [.any]) { _, args throws(FunctionError) in .list(try elements(args[0], "find reverse").reversed()) }
            table.add(name("uniq"), [.any]) { _, args throws(FunctionError) in
                var unique: [GoValue] = []
                for element in try elements(args[0], "find uniq") where !unique.contains(where: { $0.deepEquals(element) }) {
                    unique.append(element)
                }
                return .list(unique)
            }
            table.add(name("without"), [.any], variadic: .any) { _, args throws(FunctionError) in
                let omit = args.dropFirst()
                return .list(try elements(args[0], "find without").filter { element in !omit.contains { $0.deepEquals(element) } })
            }
            table.add(name("has"), [.any, .any]) { _, args throws(FunctionError) in
                if args[1].isNil { return .bool(false) }
                return .bool(try elements(args[1], "find has").contains { $0.deepEquals(args[0]) })
            }
            table.add(name("compact"), [.any]) { _, args throws(FunctionError) in
                .list(try elements(args[0], "compact").filter { !DefaultFunctions.isEmpty($0) })
            }
            table.add(name("slice"), [.any], variadic: .any) { _, args throws(FunctionError) in
                guard case .slice(let list, let type) = args[0] else {
                    if args[0].isNil { throw FunctionError("runtime error: invalid memory address or nil pointer dereference") }
                    throw FunctionError("list should be type of slice or array but \(args[0].kindName)")
                }
                if list.isEmpty { return .null }
                let start = args.count > 1 ? Int(ConversionFunctions.toInt64(args[1])) : 0
                let end = args.count > 2 ? Int(ConversionFunctions.toInt64(args[2])) : list.count
                guard start >= 0, start <= end, end <= list.count else { throw FunctionError("reflect.Value.Slice: slice index out of bounds") }
                return .slice(Array(list[start..<end]), type)
            }
            table.add(name("chunk"), [.int, .any]) { _, args throws(FunctionError) in
                let size = StringFunctions.intArg(args[0])
                let list = try elements(args[1], "chunk")
                guard size > 0 else { throw FunctionError("runtime error: integer divide by zero") }
                var chunks: [GoValue] = []
                var index = 0
                while index < list.count {
                    chunks.append(.list(Array(list[index..<min(index + size, list.count)])))
                    index += size
                }
                return .list(chunks)
            }
        }
        table.add("concat", [], variadic: .any) { _, args throws(FunctionError) in
            var result: [GoValue] = []
            for list in args {
                switch list {
                case .slice(let elements, _): result += elements
                default: throw FunctionError("Cannot concat type \(list.kindName) as list")
                }
            }
            return .list(result)
        }
    }
}
