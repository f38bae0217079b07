/// Sprig's reflection: `typeOf`, `typeIs`, `typeIsLike`, `kindOf`, `kindIs`, `deepEqual`.
enum ReflectionFunctions {
    static func register(in table: inout FunctionTable) {
        table.add("typeOf", [.any]) { _, args in .string(args[0].typeName) }
        table.add("typeIs", [.string, .any]) { _, args in .bool(args[0].stringValue! == args[1].typeName) }
        table.add("typeIsLike", [.string, .any]) { _, args in
            let target = args[0].stringValue!
            let type = args[1].typeName
            return .bool(target == type || "*" + target == type)
        }
        table.add("kindOf", [.any]) { _, args in .string(args[0].kindName) }
        table.add("kindIs", [.string, .any]) { _, args in .bool(args[0].stringValue! == args[1].kindName) }
        table.add("deepEqual", [.any, .any]) { _, args in .bool(args[0].deepEquals(args[1])) }
    }
}
