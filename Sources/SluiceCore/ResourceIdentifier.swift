import Foundation

/// An object's identity in Flux's inventory form, `<namespace>_<name>_<group>_<kind>`.
///
/// Colons in names (as in `system:controller`) are written as `__`, as
/// Kubernetes cli-utils does, so that the four fields can be split again.
public struct ResourceIdentifier: Sendable, Hashable, Codable, CustomStringConvertible, Comparable {
    /// The namespace; empty for cluster-scoped objects.
    public var namespace: String
    /// The object's name.
    public var name: String
    /// The API group; empty for the core group.
    public var group: String
    /// The kind.
    public var kind: String

    /// An identifier from its parts.
    public init(namespace: String, name: String, group: String, kind: String) {
        self.namespace = namespace
        self.name = name
        self.group = group
        self.kind = kind
    }

    /// Parses the inventory form; `nil` when it does not have four fields.
    ///
    /// As cli-utils does: the namespace ends at the first `_`, the kind starts
    /// after the last, the group after the one before; what is left is the name,
    /// whose `__` stand for colons.
    public init?(_ id: String) {
        guard let first = id.firstIndex(of: "_") else { return nil }
        let rest = id[id.index(after: first)...]
        guard let last = rest.lastIndex(of: "_") else { return nil }
        let front = rest[..<last]
        guard let groupSeparator = front.lastIndex(of: "_") else { return nil }
        let name = front[..<groupSeparator]
        let kind = rest[rest.index(after: last)...]
        guard !name.isEmpty, !kind.isEmpty else { return nil }
        namespace = String(id[..<first])
        self.name = name.replacingOccurrences(of: "__", with: ":")
        group = String(front[front.index(after: groupSeparator)...])
        self.kind = String(kind)
    }

    /// The inventory form.
    public var id: String {
        "\(namespace)_\(name.replacingOccurrences(of: ":", with: "__"))_\(group)_\(kind)"
    }

    public var description: String { id }

    public static func < (lhs: ResourceIdentifier, rhs: ResourceIdentifier) -> Bool { lhs.id < rhs.id }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let parsed = ResourceIdentifier(text) else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath,
                debugDescription: "invalid object id \"\(text)\": expected <namespace>_<name>_<group>_<kind>"))
        }
        self = parsed
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(id)
    }
}
