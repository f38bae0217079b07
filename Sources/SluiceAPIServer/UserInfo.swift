import SluiceCore

/// Who a request is from, once authenticated (and impersonated): Kubernetes' `user.Info`.
struct UserInfo: Sendable, Hashable {
    /// The user name: `kubernetes-admin`, `system:serviceaccount:NS:NAME`, a client certificate's CN.
    var name: String
    /// The user's UID (a ServiceAccount's `metadata.uid`); empty when unknown.
    var uid: String
    /// The groups, `system:authenticated` included.
    var groups: [String]
    /// Extra attributes (`authentication.kubernetes.io/credential-id`, impersonated `Impersonate-Extra-*`).
    var extra: [String: [String]]

    /// A user.
    init(name: String, uid: String = "", groups: [String] = [], extra: [String: [String]] = [:]) {
        self.name = name
        self.uid = uid
        self.groups = groups
        self.extra = extra
    }

    /// The kubeconfig's admin (its bearer token): in `system:masters`, which RBAC never denies, as Kubernetes'
    /// superuser group, so the admin cannot lock itself out by deleting bindings.
    static let admin = UserInfo(name: "kubernetes-admin", groups: ["system:masters", "system:authenticated"])

    /// The group every authenticated user is in.
    static let authenticatedGroup = "system:authenticated"
    /// The superuser group.
    static let mastersGroup = "system:masters"

    /// Whether this user is in the superuser group.
    var isMaster: Bool { groups.contains(Self.mastersGroup) }

    /// The user as Kubernetes' `UserInfo` JSON (`SelfSubjectReview`, `TokenReview`, `SubjectAccessReview`).
    var json: JSONValue {
        var object: JSONObject = ["username": .string(name)]
        if !uid.isEmpty { object["uid"] = .string(uid) }
        object["groups"] = .array(groups.map { .string($0) })
        if !extra.isEmpty {
            var extras = JSONObject()
            for key in extra.keys.sorted() { extras[key] = .array(extra[key, default: []].map { .string($0) }) }
            object["extra"] = .object(extras)
        }
        return .object(object)
    }
}
