/// A namespaced name: what the work queue holds.
public struct ObjectKey: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The namespace; empty for cluster-scoped objects.
    public var namespace: String
    /// The name.
    public var name: String

    /// A key.
    public init(namespace: String, name: String) {
        self.namespace = namespace
        self.name = name
    }

    /// Parses `namespace/name` (or `name` alone, in `defaultNamespace`).
    public init?(_ text: String, defaultNamespace: String = "default") {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        switch parts.count {
        case 1 where !parts[0].isEmpty: self.init(namespace: defaultNamespace, name: String(parts[0]))
        case 2 where !parts[0].isEmpty && !parts[1].isEmpty: self.init(namespace: String(parts[0]), name: String(parts[1]))
        default: return nil
        }
    }

    public var description: String { namespace.isEmpty ? name : "\(namespace)/\(name)" }

    public static func < (lhs: ObjectKey, rhs: ObjectKey) -> Bool { lhs.description < rhs.description }
}
