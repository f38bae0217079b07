import HTTPTypes

/// What a request asks to do, as Kubernetes' authorizer sees it (`authorizer.Attributes`): the user, the verb
/// (`get`, `list`, `watch`, `create`, `update`, `patch`, `delete`, `deletecollection`, or the HTTP verb in lower case
/// for a non-resource path), and the resource or the path.
///
/// (Issue 17; the engineer `rbac` completes the derivation from the request.)
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

    /// The attributes of a request from `user` to `method` `path` with `query`.
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
        let watch = parsed.watch || query["watch"] == "true" || query["watch"] == "1"
        switch method {
        case .get, .head: verb = watch ? "watch" : (parsed.name == nil ? "list" : "get")
        case .post: verb = "create"
        case .put: verb = "update"
        case .patch: verb = "patch"
        case .delete: verb = parsed.name == nil ? "deletecollection" : "delete"
        default: verb = method.rawValue.lowercased()
        }
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
