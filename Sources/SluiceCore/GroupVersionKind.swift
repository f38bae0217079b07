/// A Kubernetes group, version and kind, as in `apps/v1 Deployment`.
public struct GroupVersionKind: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The API group; empty for the core group.
    public var group: String
    /// The version, such as `v1`.
    public var version: String
    /// The kind, such as `Deployment`.
    public var kind: String

    /// A group, version and kind.
    public init(group: String, version: String, kind: String) {
        self.group = group
        self.version = version
        self.kind = kind
    }

    /// Splits an `apiVersion` such as `apps/v1` (or `v1` for the core group).
    public init(apiVersion: String, kind: String) {
        if let slash = apiVersion.lastIndex(of: "/") {
            group = String(apiVersion[..<slash])
            version = String(apiVersion[apiVersion.index(after: slash)...])
        } else {
            group = ""
            version = apiVersion
        }
        self.kind = kind
    }

    /// The `apiVersion` field's form: `group/version`, or `version` for the core group.
    public var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }

    /// The group and kind without the version.
    public var groupKind: String { group.isEmpty ? kind : "\(kind).\(group)" }

    public var description: String { "\(apiVersion), Kind=\(kind)" }
}
