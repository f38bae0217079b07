import SluiceCore

/// ServiceAccount users, as Kubernetes' `k8s.io/apiserver/pkg/authentication/serviceaccount` names them.
extension UserInfo {
    /// The prefix of every ServiceAccount's user name.
    static let serviceAccountPrefix = "system:serviceaccount:"
    /// The group of every ServiceAccount.
    static let serviceAccountsGroup = "system:serviceaccounts"
    /// The user impersonated or authenticated without credentials.
    static let anonymousName = "system:anonymous"
    /// The group of unauthenticated users.
    static let unauthenticatedGroup = "system:unauthenticated"
    /// The `extra` key naming the credential a user presented (`JTI=…`, `X509SHA256=…`).
    static let credentialIDKey = "authentication.kubernetes.io/credential-id"

    /// `system:serviceaccount:NS:NAME`.
    static func serviceAccountUsername(namespace: String, name: String) -> String {
        serviceAccountPrefix + namespace + ":" + name
    }

    /// The groups of a ServiceAccount in `namespace`: `system:serviceaccounts`, `system:serviceaccounts:NS`.
    static func serviceAccountGroups(namespace: String) -> [String] {
        [serviceAccountsGroup, serviceAccountsGroup + ":" + namespace]
    }

    /// A ServiceAccount's user with its groups (`system:authenticated` included) and `extra`.
    static func serviceAccount(namespace: String, name: String, uid: String, extra: [String: [String]] = [:]) -> UserInfo {
        UserInfo(name: serviceAccountUsername(namespace: namespace, name: name), uid: uid,
                 groups: serviceAccountGroups(namespace: namespace) + [authenticatedGroup], extra: extra)
    }

    /// The namespace and name of a ServiceAccount user name, `nil` for any other name (as Kubernetes'
    /// `SplitUsername`: exactly two non-empty parts after the prefix, a valid namespace and a valid name).
    static func splitServiceAccountUsername(_ username: String) -> (namespace: String, name: String)? {
        guard username.hasPrefix(serviceAccountPrefix) else { return nil }
        let parts = username.dropFirst(serviceAccountPrefix.count).split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return nil }
        let (namespace, name) = (String(parts[0]), String(parts[1]))
        guard DNSName.isLabel(namespace), DNSName.isSubdomain(name) else { return nil }
        return (namespace, name)
    }
}
