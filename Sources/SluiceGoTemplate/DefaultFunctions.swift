/// Sprig's defaults and flow control: `default`, `empty`, `coalesce`, `all`, `any`, `ternary`, `fail`.
enum DefaultFunctions {
    /// Sprig's `empty`: nil, zero numbers, false, and empty strings, slices and maps.
    static func isEmpty(_ value: GoValue) -> Bool {
        switch value {
        case .version: return false
        // Sprig: a struct is never empty.
        case .time: return false
        default: return !value.isTrue
        }
    }

    static func register(in table: inout FunctionTable) {
        table.add("default", [.any], variadic: .any) { _, args in
            guard args.count > 1, !isEmpty(args[1]) else { return args[0] }
            return args[1]
        }
        table.add("empty", [.any]) { _, args in .bool(isEmpty(args[0])) }
        table.add("coalesce", [], variadic: .any) { _, args in args.first { !isEmpty($0) } ?? .null }
        table.add("all", [], variadic: .any) { _, args in .bool(args.allSatisfy { !isEmpty($0) }) }
        table.add("any", [], variadic: .any) { _, args in .bool(args.contains { !isEmpty($0) }) }
        table.add("ternary", [.any, .any, .bool]) { _, args in args[2].isTrue ? args[0] : args[1] }
        table.add("fail", [.string]) { _, args throws(FunctionError) in throw FunctionError(args[0].stringValue!) }
    }
}
