import HTTPTypes

/// What a request asks to do, as Kubernetes' authorizer sees it (`authorizer.Attributes`): the user, the verb
/// (`get`, `list`, `watch`, `create`, `update`, `patch`, `delete`, `deletecollection`, or the HTTP verb in lower case
/// for a non-resource path), and the resource or the path.
struct RequestAttributes: Sendable, Hashable {
    var user: UserInfo
    var verb: String
    /// Whether the request is for a resource (`/api/…`, `/apis/G/V/…` below the group version) or a plain path.
    var isResourceRequest: Bool
    /// The request path, for non-resource requests.
    var path: String
    var apiGroup: String = ""
    var apiVersion: String = ""
    /// The plural resource.
    var resource: String = ""
    var subresource: String = ""
    var namespace: String = ""
    var name: String = ""

    /// The attributes of a request from `user` to `method` `path` with `query`, derived as Kubernetes'
    /// `RequestInfoFactory` derives them: `/api/v1/…` and `/apis/G/V/…` with a resource are resource requests (verbs
    /// `get`/`list`/`watch` by name, `watch` query and `/watch/` prefix, `deletecollection` without a name); a
    /// namespace's own path (`/api/v1/namespaces/NAME[/status|/finalize]`) is in that namespace; a list or watch
    /// whose field selector names one object (`metadata.name=x`) is for that name; every other path is a
    /// non-resource request with the method in lower case as its verb.
    init(user: UserInfo, method: HTTPRequest.Method, path: String, query: [String: String]) {
        self.user = user
        self.path = path
        guard let parsed = ResourcePath(path), let resource = parsed.resource else {
            isResourceRequest = false
            verb = method.rawValue.lowercased()
            return
        }
        isResourceRequest = true
        apiGroup = parsed.group
        apiVersion = parsed.version
        self.resource = resource
        subresource = parsed.subresource ?? ""
        namespace = parsed.namespace ?? ""
        name = parsed.name ?? ""
        if parsed.group.isEmpty && resource == "namespaces" && !name.isEmpty { namespace = name }
        switch method {
        case .get, .head:
            if parsed.watch {
                verb = "watch"
            } else if name.isEmpty {
                verb = QueryFlag.isSet(query["watch"]) ? "watch" : "list"
                if let selected = Self.exactName(query["fieldSelector"]) { name = selected }
            } else {
                verb = "get"
            }
        case .post: verb = "create"
        case .put: verb = "update"
        case .patch: verb = "patch"
        case .delete: verb = name.isEmpty ? "deletecollection" : "delete"
        default: verb = ""
        }
        if parsed.watch && !(method == .get || method == .head) { verb = "watch" }
    }

    /// The name a field selector requires exactly (`metadata.name=x` or `metadata.name==x`), as Kubernetes reads it
    /// for a list's or watch's authorization.
    static func exactName(_ selector: String?) -> String? {
        guard let selector, !selector.isEmpty else { return nil }
        var found: String?
        for term in selector.split(separator: ",") {
            let parts = term.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, parts[0].trimmingPrefix(" ") == "metadata.name" else { continue }
            var value = parts[1]
            if value.hasPrefix("=") { value = value.dropFirst() }
            guard !value.isEmpty, !value.contains("/"), value != ".", value != "..", !value.contains("%") else { return nil }
            if found != nil && found != String(value) { return nil }
            found = String(value)
        }
        return found
    }

    /// Attributes given field by field (reviews, escalation checks).
    init(user: UserInfo, verb: String, apiGroup: String, resource: String, subresource: String = "", namespace: String = "",
         name: String = "")
    {
        self.user = user
        self.verb = verb
        isResourceRequest = true
        path = ""
        self.apiGroup = apiGroup
        self.resource = resource
        self.subresource = subresource
        self.namespace = namespace
        self.name = name
    }

    /// Attributes of a non-resource request.
    init(user: UserInfo, verb: String, path: String) {
        self.user = user
        self.verb = verb
        isResourceRequest = false
        self.path = path
    }
}
