/// Whom a client's requests act as through Kubernetes' impersonation headers (`Impersonate-User`, `Impersonate-Group`).
public struct ImpersonatedUser: Sendable, Hashable {
    /// The user name (`system:serviceaccount:apps:dev-team`).
    public var user: String
    /// The groups, in order; empty to let the server derive them (a ServiceAccount's groups).
    public var groups: [String]

    /// Impersonation of `user` in `groups`.
    public init(user: String, groups: [String] = []) {
        self.user = user
        self.groups = groups
    }

    /// The user name Kubernetes gives the ServiceAccount `name` in `namespace`.
    public static func serviceAccountUser(namespace: String, name: String) -> String {
        "system:serviceaccount:\(namespace):\(name)"
    }
}
