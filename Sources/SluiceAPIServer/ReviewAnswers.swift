import SluiceCore

/// Answers to the review kinds a client creates to ask a question (`kubectl auth can-i`, `kubectl auth whoami`).
///
/// Every request here carries the one admin token, so the answers are the admin's: everything is allowed.
/// (Per-user RBAC is a later issue; until then `SubjectAccessReview` and `TokenReview` are not served.)
enum ReviewAnswers {
    /// `review` (at `apiVersion`) with its `status` answered; nothing is stored.
    static func answer(_ review: JSONValue, type: ResourceType, apiVersion: String, user: UserInfo, authorizer: Authorizer) async -> JSONValue {
        var answered = review
        answered["apiVersion"] = .string(apiVersion)
        answered[path: ["metadata", "creationTimestamp"]] = .null
        switch type.kind {
        case "SelfSubjectAccessReview":
            answered["status"] = ["allowed": true, "reason": "the admin token may do everything"]
        case "SelfSubjectRulesReview":
            answered["status"] = [
                "resourceRules": [["verbs": ["*"], "apiGroups": ["*"], "resources": ["*"]]],
                "nonResourceRules": [["verbs": ["*"], "nonResourceURLs": ["*"]]],
                "incomplete": false,
            ]
        case "SelfSubjectReview":
            answered["status"] = ["userInfo": user.json]
        default:
            answered["status"] = .object(JSONObject())
        }
        return answered
    }
}
