/// Where an object is kept: its resource (`group/plural`) and key (`namespace/name` or `name`).
struct ObjectRef: Sendable, Hashable {
    var resource: String
    var key: String

    /// The key of `name` in `namespace` (or cluster-scoped when `nil`).
    static func key(namespace: String?, name: String) -> String {
        if let namespace, !namespace.isEmpty { return "\(namespace)/\(name)" }
        return name
    }
}
