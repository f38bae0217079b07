import SluiceCore

/// Answers to the review kinds a client creates to ask a question (`kubectl auth can-i`, `kubectl auth whoami`),
/// by the real authorization of the user they ask about: the requester for the `Self…` kinds, `spec.user` and
/// `spec.groups` for `SubjectAccessReview` and `LocalSubjectAccessReview`.
enum ReviewAnswers {
    /// `review` (at `apiVersion`) with its `status` answered; nothing is stored. `namespace` is the request path's
    /// (a `LocalSubjectAccessReview`'s).
    static func answer(_ review: JSONValue, type: ResourceType, apiVersion: String, user: UserInfo, authorizer: Authorizer,
                       namespace: String? = nil) async -> JSONValue
    {
        var answered = review
        answered["apiVersion"] = .string(apiVersion)
        answered[path: ["metadata", "creationTimestamp"]] = .null
        let spec = review["spec"] ?? .object(JSONObject())
        switch type.kind {
        case "SelfSubjectAccessReview":
            answered["status"] = await accessStatus(attributes(spec, user: user, namespace: nil), authorizer: authorizer)
        case "SubjectAccessReview", "LocalSubjectAccessReview":
            if type.kind == "LocalSubjectAccessReview" { answered[path: ["metadata", "namespace"]] = namespace.map(JSONValue.string) }
            answered["status"] = await accessStatus(attributes(spec, user: subject(spec), namespace: namespace), authorizer: authorizer)
        case "SelfSubjectRulesReview":
            answered["status"] = await rulesStatus(user: user, namespace: spec["namespace"]?.stringValue ?? "", authorizer: authorizer)
        case "SelfSubjectReview":
            answered["status"] = ["userInfo": user.json]
        default:
            answered["status"] = .object(JSONObject())
        }
        return answered
    }

    /// Throws Kubernetes' 400 or 422 for a review that cannot be answered (checked before ``answer``): an access
    /// review must have exactly one of `resourceAttributes` and `nonResourceAttributes`, a subject access review a
    /// user or a group, a local one the resource attributes of the path's namespace, a rules review a namespace.
    static func check(_ review: JSONValue, type: ResourceType, namespace: String?) throws(APIError) {
        let spec = review["spec"] ?? .object(JSONObject())
        let resource = spec["resourceAttributes"]?.objectValue != nil
        let nonResource = spec["nonResourceAttributes"]?.objectValue != nil
        func invalid(_ field: String, _ message: String) -> APIError {
            .invalid(kind: type.kind, group: type.group, name: "", causes: [.init(reason: "FieldValueInvalid", message: message, field: field)])
        }
        switch type.kind {
        case "SelfSubjectAccessReview", "SubjectAccessReview", "LocalSubjectAccessReview":
            if resource == nonResource {
                throw invalid("spec.resourceAttributes", "Invalid value: \"null\": exactly one of nonResourceAttributes or resourceAttributes must be specified")
            }
            if type.kind != "SelfSubjectAccessReview", (spec["user"]?.stringValue ?? "").isEmpty,
               (spec["groups"]?.arrayValue ?? []).isEmpty
            {
                throw invalid("spec.user", "Invalid value: \"\": at least one of user or group must be specified")
            }
            if type.kind == "LocalSubjectAccessReview" {
                if nonResource {
                    throw invalid("spec.nonResourceAttributes", "Invalid value: \"null\": disallowed on this kind of request")
                }
                let requested = spec[path: ["resourceAttributes", "namespace"]]?.stringValue ?? ""
                guard let namespace, !namespace.isEmpty else { throw .badRequest("namespace is required on this type: ") }
                if requested != namespace {
                    throw .badRequest("spec.resourceAttributes.namespace must match namespace: \(requested)")
                }
            }
        case "SelfSubjectRulesReview":
            if (spec["namespace"]?.stringValue ?? "").isEmpty { throw .badRequest("no namespace on request") }
        default:
            break
        }
    }

    /// The user a subject access review asks about.
    static func subject(_ spec: JSONValue) -> UserInfo {
        var extra: [String: [String]] = [:]
        for (key, values) in spec["extra"]?.objectValue ?? JSONObject() {
            extra[key] = values.arrayValue?.compactMap(\.stringValue) ?? []
        }
        return UserInfo(name: spec["user"]?.stringValue ?? "", uid: spec["uid"]?.stringValue ?? "",
                        groups: spec["groups"]?.arrayValue?.compactMap(\.stringValue) ?? [], extra: extra)
    }

    /// The attributes a review's `spec` asks about for `user`; `namespace` (a local review's) overrides the spec's.
    static func attributes(_ spec: JSONValue, user: UserInfo, namespace: String?) -> RequestAttributes {
        if let nonResource = spec["nonResourceAttributes"] {
            return RequestAttributes(user: user, verb: nonResource["verb"]?.stringValue ?? "", path: nonResource["path"]?.stringValue ?? "")
        }
        let resource = spec["resourceAttributes"] ?? .object(JSONObject())
        func field(_ key: String) -> String { resource[key]?.stringValue ?? "" }
        var attributes = RequestAttributes(user: user, verb: field("verb"), apiGroup: field("group"), resource: field("resource"),
                                           subresource: field("subresource"), namespace: namespace ?? field("namespace"),
                                           name: field("name"))
        attributes.apiVersion = field("version")
        return attributes
    }

    /// A `SubjectAccessReviewStatus`: `allowed`, and the reason when there is one.
    static func accessStatus(_ attributes: RequestAttributes, authorizer: Authorizer) async -> JSONValue {
        let decision = await authorizer.authorize(attributes)
        var status: JSONObject = ["allowed": .bool(decision.isAllowed)]
        if !decision.reason.isEmpty { status["reason"] = .string(decision.reason) }
        return .object(status)
    }

    /// A `SubjectRulesReviewStatus`: the rules `user` has in `namespace` (everything for `system:masters`, first),
    /// and the role references that could not be resolved as the evaluation error.
    static func rulesStatus(user: UserInfo, namespace: String, authorizer: Authorizer) async -> JSONValue {
        var (rules, errors) = await authorizer.policy().rules(for: user, namespace: namespace)
        if user.isMaster {
            rules.insert(contentsOf: [PolicyRule(verbs: ["*"], apiGroups: ["*"], resources: ["*"]),
                                      PolicyRule(verbs: ["*"], nonResourceURLs: ["*"])], at: 0)
        }
        var resourceRules: [JSONValue] = []
        var nonResourceRules: [JSONValue] = []
        for rule in rules {
            if !rule.resources.isEmpty {
                resourceRules.append(PolicyRule(verbs: rule.verbs, apiGroups: rule.apiGroups, resources: rule.resources,
                                                resourceNames: rule.resourceNames).json)
            }
            if !rule.nonResourceURLs.isEmpty {
                nonResourceRules.append(PolicyRule(verbs: rule.verbs, nonResourceURLs: rule.nonResourceURLs).json)
            }
        }
        var status: JSONObject = ["resourceRules": .array(resourceRules), "nonResourceRules": .array(nonResourceRules), "incomplete": false]
        if !errors.isEmpty { status["evaluationError"] = .string(RBACResolutionError.aggregate(errors)) }
        return .object(status)
    }
}
