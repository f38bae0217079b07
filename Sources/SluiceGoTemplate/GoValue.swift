import SluiceCore

/// A value as Go's `reflect.Value` holds it while a template runs, as far as templates can tell types apart.
///
/// `missing` is the invalid `reflect.Value{}` ("no value"); `null` is a nil `interface{}`
/// (a JSON `null`, or a missing key under `missingkey=zero`). Numbers from Helm values are
/// `float64`, as Go's `encoding/json` reads them; template literals are `int`; Sprig's
/// arithmetic returns `int64`. Maps are references (``GoMap``), slices are values.
indirect enum GoValue {
    case missing
    case null
    case bool(Bool)
    case int(Int)
    case int64(Int64)
    case uint8(UInt8)
    case float64(Double)
    case string(String)
    case slice([GoValue], GoType)
    case map(GoMap)
    case version(SemanticVersion)
    /// A `time.Time` (Sprig's date functions).
    case time(GoTime)
    /// A value of a named type with methods (Helm's `VersionSet`, `KubeVersion`).
    case named(GoNamed)

    /// A `[]interface{}`.
    static func list(_ elements: [GoValue]) -> GoValue { .slice(elements, .interface) }

    /// A `[]string`.
    static func strings(_ elements: [String]) -> GoValue { .slice(elements.map { .string($0) }, .string) }

    /// A new `map[string]interface{}`.
    static func dict(_ entries: [String: GoValue] = [:]) -> GoValue { .map(GoMap(entries)) }

    /// The value Helm's engine sees for a JSON value: objects and arrays of `interface{}`, every number a `float64`.
    init(json: JSONValue) {
        switch json {
        case .null: self = .null
        case .bool(let b): self = .bool(b)
        case .int(let i): self = .float64(Double(i))
        case .double(let d): self = .float64(d)
        case .string(let s): self = .string(s)
        case .array(let elements): self = .list(elements.map(GoValue.init(json:)))
        case .object(let object):
            var entries: [String: GoValue] = [:]
            for member in object.members { entries[member.key] = GoValue(json: member.value) }
            self = .dict(entries)
        }
    }

    /// Whether this is Go's invalid value or a nil interface: what `reflect.ValueOf(x).IsValid()` is false for once unwrapped.
    var isNil: Bool {
        switch self {
        case .missing, .null: return true
        default: return false
        }
    }

    /// The dynamic type as Go's `%T` spells it (`<nil>` for nil).
    var typeName: String {
        switch self {
        case .missing, .null: return "<nil>"
        case .bool: return "bool"
        case .int: return "int"
        case .int64: return "int64"
        case .uint8: return "uint8"
        case .float64: return "float64"
        case .string: return "string"
        case .slice(_, let element): return "[]" + element.name
        case .map(let map): return "map[string]" + map.elementType.name
        case .version: return "*semver.Version"
        case .time: return "time.Time"
        case .named(let named): return named.typeName
        }
    }

    /// The kind as `reflect.Kind.String()` spells it (`invalid` for nil).
    var kindName: String {
        switch self {
        case .missing, .null: return "invalid"
        case .bool: return "bool"
        case .int: return "int"
        case .int64: return "int64"
        case .uint8: return "uint8"
        case .float64: return "float64"
        case .string: return "string"
        case .slice: return "slice"
        case .map: return "map"
        case .version: return "ptr"
        case .time: return "struct"
        case .named(let named): return named.underlying.kindName
        }
    }

    /// Go's `text/template` truth: false for zero values, empty collections and nil.
    var isTrue: Bool {
        switch self {
        case .missing, .null: return false
        case .bool(let b): return b
        case .int(let i): return i != 0
        case .int64(let i): return i != 0
        case .uint8(let i): return i != 0
        case .float64(let d): return d != 0
        case .string(let s): return !s.isEmpty
        case .slice(let elements, _): return !elements.isEmpty
        case .map(let map): return !map.entries.isEmpty
        case .version: return true
        // A struct is always true in Go templates.
        case .time: return true
        case .named(let named): return named.underlying.isTrue
        }
    }

    /// The elements when this is a slice.
    var sliceElements: [GoValue]? {
        if case .slice(let elements, _) = self { return elements }
        return nil
    }

    /// The string when this is a string.
    var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// How deep maps and slices are followed by copies, comparisons, merges and encoders: a map that holds
    /// itself (`set $d "self" $d`) stops there instead of exhausting the stack.
    static let maxNesting = 200

    /// A copy in which maps are new maps (Sprig's `deepCopy`).
    func deepCopy(depth: Int = 0) -> GoValue {
        guard depth < Self.maxNesting else { return self }
        switch self {
        case .slice(let elements, let type): return .slice(elements.map { $0.deepCopy(depth: depth + 1) }, type)
        case .map(let map): return .map(map.deepCopy(depth: depth + 1))
        default: return self
        }
    }

    /// Go's `reflect.DeepEqual` on these values (maps compared by content; different types are unequal).
    func deepEquals(_ other: GoValue, depth: Int = 0) -> Bool {
        guard depth < Self.maxNesting else { return false }
        switch (self, other) {
        case (.missing, .missing), (.null, .null), (.missing, .null), (.null, .missing): return true
        case let (.bool(a), .bool(b)): return a == b
        case let (.int(a), .int(b)): return a == b
        case let (.int64(a), .int64(b)): return a == b
        case let (.uint8(a), .uint8(b)): return a == b
        case let (.float64(a), .float64(b)): return a == b
        case let (.string(a), .string(b)): return a == b
        case let (.slice(a, ta), .slice(b, tb)):
            return ta == tb && a.count == b.count && zip(a, b).allSatisfy { $0.deepEquals($1, depth: depth + 1) }
        case let (.map(a), .map(b)):
            if a === b { return true }
            guard a.elementType == b.elementType, a.entries.count == b.entries.count else { return false }
            for (key, value) in a.entries {
                guard let otherValue = b.entries[key], value.deepEquals(otherValue, depth: depth + 1) else { return false }
            }
            return true
        case let (.version(a), .version(b)): return a == b && a.original == b.original
        case let (.time(a), .time(b)): return a == b
        case let (.named(a), .named(b)): return a.typeName == b.typeName && a.underlying.deepEquals(b.underlying, depth: depth + 1)
        default: return false
        }
    }
}
