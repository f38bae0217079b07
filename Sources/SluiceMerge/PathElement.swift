import SluiceCore

/// One step in a field path, as structured-merge-diff names them: a field, a list-map key, a set value or an index.
enum PathElement: Hashable, Sendable {
    /// A member of an object: `f:<name>` in FieldsV1, `.name` in a path string.
    case field(String)
    /// An element of an associative list by its key fields, sorted by name: `k:{...}`, `[name="app"]`.
    case key([KeyField])
    /// An element of a set list by its value: `v:<json>`, `[=value]`.
    case value(JSONValue)
    /// An element by position: `i:<n>`, `[n]`.
    case index(Int)

    /// One key field of a list-map element.
    struct KeyField: Hashable, Sendable {
        var name: String
        var value: JSONValue
    }

    /// The FieldsV1 key for this element.
    var fieldsV1Key: String {
        switch self {
        case .field(let name): return "f:" + name
        case .key(let fields):
            return "k:" + JSONSerializer().string(.object(JSONObject(fields.map { ($0.name, $0.value) })))
        case .value(let value): return "v:" + JSONSerializer().string(value)
        case .index(let index): return "i:\(index)"
        }
    }

    /// Parses a FieldsV1 key such as `f:spec` or `k:{"name":"app"}`.
    init?(fieldsV1Key text: String) {
        guard text.count >= 2, text.dropFirst().first == ":" else { return nil }
        let body = String(text.dropFirst(2))
        switch text.first {
        case "f": self = .field(body)
        case "k":
            guard case .object(let object)? = try? JSONParser().parse(body) else { return nil }
            self = .key(object.map { KeyField(name: $0.key, value: $0.value) }.sorted { $0.name < $1.name })
        case "v":
            guard let value = try? JSONParser().parse(body) else { return nil }
            self = .value(value)
        case "i":
            guard let index = Int(body) else { return nil }
            self = .index(index)
        default: return nil
        }
    }

    /// The element as structured-merge-diff prints it in a path: `.spec`, `[name="app"]`, `[="a"]`, `[0]`.
    var pathString: String {
        switch self {
        case .field(let name): return "." + name
        case .key(let fields):
            return "[" + fields.map { "\($0.name)=\(JSONSerializer().string($0.value))" }.joined(separator: ",") + "]"
        case .value(let value): return "[=" + JSONSerializer().string(value) + "]"
        case .index(let index): return "[\(index)]"
        }
    }

    /// structured-merge-diff's order: fields, then keys, then values, then indices; each compared within its kind.
    static func compare(_ lhs: PathElement, _ rhs: PathElement) -> Int {
        switch (lhs, rhs) {
        case let (.field(a), .field(b)): return compareStrings(a, b)
        case (.field, _): return -1
        case (_, .field): return 1
        case let (.key(a), .key(b)):
            for (x, y) in zip(a, b) {
                let byName = compareStrings(x.name, y.name)
                if byName != 0 { return byName }
                let byValue = compareValues(x.value, y.value)
                if byValue != 0 { return byValue }
            }
            return a.count == b.count ? 0 : (a.count < b.count ? -1 : 1)
        case (.key, _): return -1
        case (_, .key): return 1
        case let (.value(a), .value(b)): return compareValues(a, b)
        case (.value, _): return -1
        case (_, .value): return 1
        case let (.index(a), .index(b)): return a == b ? 0 : (a < b ? -1 : 1)
        }
    }

    /// Byte-wise, as Go's `strings.Compare`.
    static func compareStrings(_ a: String, _ b: String) -> Int {
        let x = Array(a.utf8), y = Array(b.utf8)
        if x == y { return 0 }
        return x.lexicographicallyPrecedes(y) ? -1 : 1
    }

    /// structured-merge-diff's value order: numbers, strings, booleans, lists, maps, null.
    static func compareValues(_ a: JSONValue, _ b: JSONValue) -> Int {
        func rank(_ v: JSONValue) -> Int {
            switch v {
            case .int, .double: return 0
            case .string: return 1
            case .bool: return 2
            case .array: return 3
            case .object: return 4
            case .null: return 5
            }
        }
        let (ra, rb) = (rank(a), rank(b))
        if ra != rb { return ra < rb ? -1 : 1 }
        switch (a, b) {
        case let (.string(x), .string(y)): return compareStrings(x, y)
        case let (.bool(x), .bool(y)): return x == y ? 0 : (!x ? -1 : 1)
        case let (.array(x), .array(y)):
            for (p, q) in zip(x, y) {
                let c = compareValues(p, q)
                if c != 0 { return c }
            }
            return x.count == y.count ? 0 : (x.count < y.count ? -1 : 1)
        case let (.object(x), .object(y)):
            let keysX = x.keys.sorted(), keysY = y.keys.sorted()
            for (p, q) in zip(keysX, keysY) {
                let byKey = compareStrings(p, q)
                if byKey != 0 { return byKey }
                let c = compareValues(x[p]!, y[q]!)
                if c != 0 { return c }
            }
            return keysX.count == keysY.count ? 0 : (keysX.count < keysY.count ? -1 : 1)
        default:
            let (x, y) = (a.doubleValue ?? 0, b.doubleValue ?? 0)
            return x == y ? 0 : (x < y ? -1 : 1)
        }
    }
}

extension Array where Element == PathElement {
    /// The path as structured-merge-diff prints it, such as `.spec.template.spec.containers[name="app"].ports`.
    var pathString: String { map(\.pathString).joined() }
}
