/// Sprig's dictionary functions: `dict`, `get`, `set`, `unset`, `hasKey`, `pluck`, `keys`, `values`, `pick`, `omit`,
/// `merge`, `mergeOverwrite`, `dig`, `deepCopy`. Maps are shared, so `set` and `merge` change the map where it is held.
enum DictFunctions {
    /// A `map[string]interface{}` argument; nil stands for Go's nil map.
    private static func map(_ value: GoValue) -> GoMap? {
        if case .map(let map) = value { return map }
        return nil
    }

    static func register(in table: inout FunctionTable) {
        table.add("dict", [], variadic: .any) { _, args in
            var entries: [String: GoValue] = [:]
            var index = 0
            while index < args.count {
                let key = ConversionFunctions.strval(args[index])
                entries[key] = index + 1 < args.count ? args[index + 1] : .string("")
                index += 2
            }
            return .dict(entries)
        }
        table.add("get", [.map, .string]) { _, args in
            map(args[0])?.entries[args[1].stringValue!] ?? .string("")
        }
        table.add("set", [.map, .string, .any]) { _, args throws(FunctionError) in
            guard let target = map(args[0]) else { throw FunctionError("assignment to entry in nil map") }
            target.entries[args[1].stringValue!] = args[2]
            return args[0]
        }
        table.add("unset", [.map, .string]) { _, args in
            map(args[0])?.entries.removeValue(forKey: args[1].stringValue!)
            return args[0]
        }
        table.add("hasKey", [.map, .string]) { _, args in .bool(map(args[0])?.entries[args[1].stringValue!] != nil) }
        table.add("pluck", [.string], variadic: .map) { _, args in
            let key = args[0].stringValue!
            return .list(args.dropFirst().compactMap { map($0)?.entries[key] })
        }
        table.add("keys", [], variadic: .map) { _, args in
            // Go's map order is random; sorted is one of its orders, and a stable one.
            .strings(args.flatMap { map($0)?.sortedKeys ?? [] })
        }
        table.add("values", [.map]) { _, args in .list(map(args[0])?.sortedEntries.map(\.value) ?? []) }
        table.add("pick", [.map], variadic: .string) { _, args in
            let source = map(args[0])
            var entries: [String: GoValue] = [:]
            for key in args.dropFirst().compactMap(\.stringValue) { if let value = source?.entries[key] { entries[key] = value } }
            return .dict(entries)
        }
        table.add("omit", [.map], variadic: .string) { _, args in
            let omitted = Set(args.dropFirst().compactMap(\.stringValue))
            return .dict(map(args[0])?.entries.filter { !omitted.contains($0.key) } ?? [:])
        }
        for (name, overwrite, must) in [("merge", false, false), ("mergeOverwrite", true, false), ("mustMerge", false, true), ("mustMergeOverwrite", true, true)] {
            table.add(name, [.map], variadic: .map) { _, args throws(FunctionError) in
                guard let destination = map(args[0]) else {
                    if must { throw FunctionError("src and dst must be of same type") }
                    return .string("")
                }
                for source in args.dropFirst() {
                    guard let source = map(source) else { continue }
                    if !deepMerge(destination, source, overwrite: overwrite) {
                        if must { throw FunctionError("src and dst must be of same type") }
                        return .string("")
                    }
                }
                return args[0]
            }
        }
        table.add("dig", [], variadic: .any) { _, args throws(FunctionError) in
            guard args.count >= 3 else { throw FunctionError("dig needs at least three arguments") }
            guard case .map(var current) = args[args.count - 1] else {
                throw FunctionError("interface conversion: interface {} is \(args[args.count - 1].typeName), not map[string]interface {}")
            }
            let fallback = args[args.count - 2]
            var keys: [String] = []
            for key in args.dropLast(2) {
                guard let key = key.stringValue else { throw FunctionError("interface conversion: interface {} is \(key.typeName), not string") }
                keys.append(key)
            }
            for (index, key) in keys.enumerated() {
                guard let step = current.entries[key] else { return fallback }
                if index == keys.count - 1 { return step }
                guard case .map(let next) = step else {
                    throw FunctionError("interface conversion: interface {} is \(step.typeName), not map[string]interface {}")
                }
                current = next
            }
            return fallback
        }
        for name in ["deepCopy", "mustDeepCopy"] {
            table.add(name, [.any]) { _, args throws(FunctionError) in
                if args[0].isNil, name == "deepCopy" { throw FunctionError("reflect: call of reflect.Value.Type on zero Value") }
                return args[0].deepCopy()
            }
        }
    }

    /// mergo's `Merge` of maps (`WithOverride` when `overwrite`): maps merged recursively, other values filled in
    /// where the destination has none or an empty one (or always, overwriting). False when the types cannot merge.
    static func deepMerge(_ destination: GoMap, _ source: GoMap, overwrite: Bool, depth: Int = 0) -> Bool {
        guard depth < GoValue.maxNesting, destination !== source else { return true }
        for (key, value) in source.entries {
            if value.isNil {
                if overwrite { destination.entries[key] = value }
                continue
            }
            let existing = destination.entries[key]
            if case .map(let sourceMap) = value, let existing, case .map(let destinationMap) = existing {
                if !deepMerge(destinationMap, sourceMap, overwrite: overwrite, depth: depth + 1) { return false }
                continue
            }
            if let existing, !DefaultFunctions.isEmpty(existing), !overwrite { continue }
            destination.entries[key] = value
        }
        return true
    }
}
