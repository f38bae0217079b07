/// A JSON object that keeps its keys in insertion order.
///
/// Order matters to people reading manifests and to stable output; equality
/// does not depend on it.
public struct JSONObject: Sendable {
    /// The keys, in order.
    public private(set) var keys: [String] = []
    private var storage: [String: JSONValue] = [:]

    /// An empty object.
    public init() {}

    /// An object with these members in this order; a repeated key keeps its last value.
    public init<S: Sequence>(_ members: S) where S.Element == (String, JSONValue) {
        for (key, value) in members { self[key] = value }
    }

    /// The number of members.
    public var count: Int { keys.count }
    /// Whether there are no members.
    public var isEmpty: Bool { keys.isEmpty }

    /// The member at `key`; assigning `nil` removes it, a new key goes last.
    public subscript(key: String) -> JSONValue? {
        get { storage[key] }
        set {
            if let newValue {
                if storage.updateValue(newValue, forKey: key) == nil { keys.append(key) }
            } else if storage.removeValue(forKey: key) != nil {
                keys.removeAll { $0 == key }
            }
        }
    }

    /// Whether `key` is present.
    public func contains(_ key: String) -> Bool { storage[key] != nil }

    /// The members, in order.
    public var members: [(key: String, value: JSONValue)] { keys.map { ($0, storage[$0]!) } }

    /// This object with its keys sorted, recursively not: only this level.
    public func sortedByKey() -> JSONObject { JSONObject(keys.sorted().map { ($0, storage[$0]!) }) }

    /// The keys in the order Go writes a map's (their UTF-8 bytes compared), as `encoding/json` and sigs.k8s.io/yaml
    /// hand them to a decoder.
    public var keysInByteOrder: [String] { keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) } }
}

extension JSONObject: Hashable {
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool { lhs.storage == rhs.storage }
    public func hash(into hasher: inout Hasher) { hasher.combine(storage) }
}

extension JSONObject: Sequence {
    public func makeIterator() -> some IteratorProtocol<(key: String, value: JSONValue)> {
        members.makeIterator()
    }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, JSONValue)...) { self.init(elements) }
}
