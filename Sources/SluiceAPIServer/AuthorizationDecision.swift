/// An authorizer's answer, with the reason Kubernetes reports (`SubjectAccessReview.status.reason`).
enum AuthorizationDecision: Sendable, Hashable {
    case allow(reason: String)
    case deny(reason: String)

    /// Whether the request may go on.
    var isAllowed: Bool {
        if case .allow = self { return true }
        return false
    }

    /// The reason, allowed or not.
    var reason: String {
        switch self {
        case .allow(let reason), .deny(let reason): return reason
        }
    }
}
