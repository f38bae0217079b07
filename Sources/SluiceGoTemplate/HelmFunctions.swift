import SluiceCore

/// Helm's own functions: `include`, `tpl`, `required`, `toYaml`, `fromYaml`, `fromYamlArray`, `toJson`, `fromJson`,
/// `fromJsonArray`, `toPrettyJson`, `toRawJson` and the `must` forms, and `lookup` (through ``TemplateSet/lookup``; without one it finds nothing, as in `helm template`).
enum HelmFunctions {
    /// How many times one template may be included inside itself (Helm's `recursionMaxNums`).
    static let recursionLimit = 1000

    static func register(in table: inout FunctionTable) {
        table.add("toYaml", [.any]) { _, args in .string((try? toYAML(args[0])) ?? "") }
        table.add("mustToYaml", [.any]) { _, args throws(FunctionError) in .string(try toYAML(args[0])) }
        table.add("fromYaml", [.string]) { _, args in
            let map = GoMap()
            do {
                switch try GoYAMLReader().read(args[0].stringValue!) {
                case .null: break
                case .object(let object): for member in object.members { map.entries[member.key] = GoValue(json: member.value) }
                case let other:
                    map.entries["Error"] = .string("error unmarshaling JSON: while decoding JSON: json: cannot unmarshal \(other.goJSONKind) into Go value of type map[string]interface {}")
                }
            } catch {
                map.entries["Error"] = .string("error converting YAML to JSON: yaml: \(error)")
            }
            return .map(map)
        }
        table.add("fromYamlArray", [.string]) { _, args in
            do {
                switch try GoYAMLReader().read(args[0].stringValue!) {
                case .null: return .list([])
                case .array(let elements): return .list(elements.map(GoValue.init(json:)))
                case let other:
                    return .list([.string("error unmarshaling JSON: while decoding JSON: json: cannot unmarshal \(other.goJSONKind) into Go value of type []interface {}")])
                }
            } catch {
                return .list([.string("error converting YAML to JSON: yaml: \(error)")])
            }
        }
        table.add("toJson", [.any]) { _, args in .string((try? GoJSON.encode(args[0])) ?? "") }
        table.add("mustToJson", [.any]) { _, args throws(FunctionError) in .string(try GoJSON.encode(args[0])) }
        table.add("toPrettyJson", [.any]) { _, args in .string((try? GoJSON.encode(args[0], indent: "  ")) ?? "") }
        table.add("mustToPrettyJson", [.any]) { _, args throws(FunctionError) in .string(try GoJSON.encode(args[0], indent: "  ")) }
        table.add("toRawJson", [.any]) { _, args in .string((try? GoJSON.encode(args[0], escapeHTML: false)) ?? "") }
        table.add("mustToRawJson", [.any]) { _, args throws(FunctionError) in .string(try GoJSON.encode(args[0], escapeHTML: false)) }
        table.add("fromJson", [.string]) { _, args in
            do throws(FunctionError) {
                let value = try GoJSON.decode(args[0].stringValue!)
                if case .map = value { return value }
                return .dict(["Error": .string("json: cannot unmarshal \(goKind(value)) into Go value of type map[string]interface {}")])
            } catch {
                return .dict(["Error": .string(error.message)])
            }
        }
        table.add("fromJsonArray", [.string]) { _, args in
            do throws(FunctionError) {
                let value = try GoJSON.decode(args[0].stringValue!)
                if case .slice = value { return value }
                return .list([.string("json: cannot unmarshal \(goKind(value)) into Go value of type []interface {}")])
            } catch {
                return .list([.string(error.message)])
            }
        }
        table.add("mustFromJson", [.string]) { _, args throws(FunctionError) in try GoJSON.decode(args[0].stringValue!) }
        table.add("required", [.string, .any]) { _, args throws(FunctionError) in
            switch args[1] {
            case .missing, .null: throw FunctionError(args[0].stringValue!)
            case .string(let s) where s.isEmpty: throw FunctionError(args[0].stringValue!)
            default: return args[1]
            }
        }
        table.add("include", [.string, .any]) { executor, args throws(FunctionError) in
            let name = args[0].stringValue!
            let counts = executor.includeCounts
            let count = (counts.counts[name] ?? 0) + 1
            if count > recursionLimit + 1 {
                throw FunctionError("rendering template has a nested reference name: \(name): unable to execute template")
            }
            counts.counts[name] = count
            defer { counts.counts[name] = (counts.counts[name] ?? 1) - 1 }
            do throws(GoTemplateError) {
                return .string(try executor.execute(templateNamed: name, dot: args[1]))
            } catch {
                throw FunctionError(error.message)
            }
        }
        table.add("tpl", [.string, .any]) { executor, args throws(FunctionError) in
            let text = args[0].stringValue!
            var clone = executor.set
            do throws(GoTemplateError) {
                try clone.parse(name: clone.name, text: text)
            } catch {
                throw FunctionError("cannot parse template \(GoQuote.quote(text)): \(error.message)")
            }
            if executor.depth + 1 > clone.maxDepth {
                throw FunctionError("exceeded maximum template depth (\(clone.maxDepth))")
            }
            do throws(GoTemplateError) {
                guard clone.contains(clone.name) else { return .string("") }
                let output = try clone.render(clone.name, dot: args[1], includeCounts: executor.includeCounts, depth: executor.depth + 1)
                return .string(GoString.replaceAll(output, "<no value>", ""))
            } catch {
                throw FunctionError("error during tpl function execution for \(GoQuote.quote(text)): \(error.message)")
            }
        }
        table.add("lookup", [.string, .string, .string, .string]) { executor, args throws(FunctionError) in
            guard let lookup = executor.set.lookup else { return .dict() }
            let strings = args.map { $0.stringValue ?? "" }
            do {
                return GoValue(data: try lookup(strings[0], strings[1], strings[2], strings[3]))
            } catch {
                throw FunctionError("\(error)")
            }
        }
    }

    /// Helm's `toYaml`: sigs.k8s.io/yaml (JSON, then yaml.v2: sorted keys, folded at 80 columns), without the final newline.
    static func toYAML(_ value: GoValue) throws(FunctionError) -> String {
        let tree = try GoJSON.yamlTree(value)
        let writer = YAMLWriter(lineWidth: 80, floatFormatter: yamlFloat, dialect: .goYAMLv2)
        do {
            var text = try writer.string(tree)
            if text.hasSuffix("\n") { text.removeLast() }
            return text
        } catch {
            throw FunctionError("\(error)")
        }
    }

    /// A float64 that `yamlTree` left a float, after sigs.k8s.io/yaml's JSON round trip: JSON spells an integral
    /// value below 1e21 in digits, and yaml.v2 reads digits that fit a uint64 back as an integer and prints them so
    /// (`9223372036854776000`); anything else is a float64 printed in `%g`'s shortest form (`-9.223372036854776e+18`).
    @Sendable private static func yamlFloat(_ d: Double) -> String {
        if d.rounded(.towardZero) == d, abs(d) < 1e21 {
            let digits = GoFloat.shortestFixed(d)
            if UInt64(digits) != nil { return digits }
        }
        return GoFloat.shortest(d)
    }

    private static func goKind(_ value: GoValue) -> String {
        switch value {
        case .bool: return "bool"
        case .float64, .int, .int64, .uint8: return "number"
        case .string: return "string"
        case .slice: return "array"
        case .map: return "object"
        default: return "null"
        }
    }
}
