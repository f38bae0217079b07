import Foundation
import HTTPTypes

/// Kubernetes' impersonation filter: `Impersonate-User`, `Impersonate-Group`, `Impersonate-Uid` and
/// `Impersonate-Extra-*` headers, each allowed only where RBAC grants the requester `impersonate` on it.
///
/// As `k8s.io/apiserver/pkg/endpoints/filters/impersonation.go`: a user name `system:serviceaccount:NS:NAME` is
/// checked as `impersonate` on `serviceaccounts` NAME in NS (and gets the ServiceAccount groups unless groups are
/// given), any other name as `impersonate` on `users`; each group on `groups`, the UID on `uids` (group
/// `authentication.k8s.io`), each extra value on `userextras/KEY`. The impersonated user gets `system:authenticated`
/// unless it is `system:anonymous` or a given group already says which. Headers that ask for groups, extras or a UID
/// without a user are a 400 (Kubernetes answers that one with a 500; it is the client's mistake).
enum Impersonation {
    /// The headers (lower case, as `HTTPField.Name.canonicalName`).
    static let userHeader = "impersonate-user"
    static let groupHeader = "impersonate-group"
    static let uidHeader = "impersonate-uid"
    static let extraPrefix = "impersonate-extra-"

    /// One thing the requester asks to act as, and the attributes it is authorized with.
    struct Part: Sendable, Hashable {
        var apiGroup = ""
        var resource: String
        var subresource = ""
        var namespace = ""
        var name: String
    }

    /// The user the request acts as: `authenticated` itself without impersonation headers, else the impersonated
    /// user once `authorizer` allowed every part of it (a 403 naming the part otherwise).
    static func effectiveUser(_ headers: HTTPFields, authenticated: UserInfo, authorizer: Authorizer) async throws(APIError) -> UserInfo {
        guard let requested = try requestedUser(headers) else { return authenticated }
        for part in requested.parts {
            let attributes = RequestAttributes(user: authenticated, verb: "impersonate", apiGroup: part.apiGroup, resource: part.resource,
                                               subresource: part.subresource, namespace: part.namespace, name: part.name)
            let decision = await authorizer.authorize(attributes)
            guard decision.isAllowed else { throw Authorizer.forbidden(attributes, decision: decision) }
        }
        return requested.user
    }

    /// The user the headers ask for and the parts to authorize, `nil` without impersonation headers; a 400 for
    /// headers that do not make a user.
    static func requestedUser(_ headers: HTTPFields) throws(APIError) -> (user: UserInfo, parts: [Part])? {
        var username: String?
        var groups: [String] = []
        var extra: [String: [String]] = [:]
        var uid: String?
        var sawGroup = false
        var sawExtra = false
        for field in headers {
            let name = field.name.canonicalName
            guard name.hasPrefix("impersonate-") else { continue }
            switch name {
            case userHeader:
                // As Go's Header.Get: the first value counts.
                if username == nil { username = field.value }
            case groupHeader:
                sawGroup = true
                groups.append(field.value)
            case uidHeader:
                if uid == nil { uid = field.value }
            default:
                guard name.hasPrefix(extraPrefix) else { continue }
                sawExtra = true
                let escaped = String(name.dropFirst(extraPrefix.count))
                // Keys are percent-encoded in header names (`Impersonate-Extra-example.org%2fkey`).
                guard let key = escaped.removingPercentEncoding, !key.isEmpty else {
                    throw .badRequest("invalid impersonation extra header \(field.name.rawName): the key is not percent-encoded")
                }
                extra[key, default: []].append(field.value)
            }
        }
        let user = username ?? ""
        let hasUID = !(uid ?? "").isEmpty
        if user.isEmpty {
            guard sawGroup || sawExtra || hasUID else { return nil }
            throw .badRequest("requested impersonation of \(describe(groups: groups, extra: extra, uid: uid)) without impersonating a user")
        }
        var parts: [Part] = []
        var impersonatedGroups: [String] = []
        if let account = UserInfo.splitServiceAccountUsername(user) {
            parts.append(Part(resource: "serviceaccounts", namespace: account.namespace, name: account.name))
            if !sawGroup { impersonatedGroups = UserInfo.serviceAccountGroups(namespace: account.namespace) }
        } else {
            parts.append(Part(resource: "users", name: user))
        }
        for group in groups {
            parts.append(Part(resource: "groups", name: group))
            impersonatedGroups.append(group)
        }
        for key in extra.keys.sorted() {
            for value in extra[key, default: []] {
                parts.append(Part(apiGroup: "authentication.k8s.io", resource: "userextras", subresource: key, name: value))
            }
        }
        if let uid, hasUID { parts.append(Part(apiGroup: "authentication.k8s.io", resource: "uids", name: uid)) }
        if user == UserInfo.anonymousName {
            if !impersonatedGroups.contains(UserInfo.unauthenticatedGroup) { impersonatedGroups.append(UserInfo.unauthenticatedGroup) }
        } else if !impersonatedGroups.contains(UserInfo.authenticatedGroup) && !impersonatedGroups.contains(UserInfo.unauthenticatedGroup) {
            impersonatedGroups.append(UserInfo.authenticatedGroup)
        }
        return (UserInfo(name: user, uid: hasUID ? (uid ?? "") : "", groups: impersonatedGroups, extra: extra), parts)
    }

    private static func describe(groups: [String], extra: [String: [String]], uid: String?) -> String {
        var parts = groups.map { "group \"\($0)\"" }
        parts += extra.keys.sorted().map { "extra \"\($0)\"" }
        if let uid, !uid.isEmpty { parts.append("uid \"\(uid)\"") }
        return parts.joined(separator: ", ")
    }
}
