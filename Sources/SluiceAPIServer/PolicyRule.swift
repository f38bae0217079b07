import SluiceCore

/// One rule of a Role or ClusterRole (`rbac.authorization.k8s.io/v1` `PolicyRule`), with Kubernetes' matching
/// (`pkg/apis/rbac/v1/evaluation_helpers.go`) and covering (`component-helpers/auth/rbac/validation`).
struct PolicyRule: Sendable, Hashable {
    var verbs: [String] = []
    var apiGroups: [String] = []
    var resources: [String] = []
    var resourceNames: [String] = []
    var nonResourceURLs: [String] = []

    /// A rule given field by field.
    init(verbs: [String], apiGroups: [String] = [], resources: [String] = [], resourceNames: [String] = [],
         nonResourceURLs: [String] = [])
    {
        self.verbs = verbs
        self.apiGroups = apiGroups
        self.resources = resources
        self.resourceNames = resourceNames
        self.nonResourceURLs = nonResourceURLs
    }

    /// The rule a `rules[]` entry describes; entries that are not strings are ignored (they never match).
    init(json: JSONValue) {
        func strings(_ key: String) -> [String] { json[key]?.arrayValue?.compactMap(\.stringValue) ?? [] }
        verbs = strings("verbs")
        apiGroups = strings("apiGroups")
        resources = strings("resources")
        resourceNames = strings("resourceNames")
        nonResourceURLs = strings("nonResourceURLs")
    }

    /// The rules of a role object (`rules`).
    static func rules(of role: JSONValue) -> [PolicyRule] {
        role["rules"]?.arrayValue?.map(PolicyRule.init(json:)) ?? []
    }

    /// The rule as JSON, empty lists left out (as Kubernetes serializes it).
    var json: JSONValue {
        var object = JSONObject()
        func put(_ key: String, _ values: [String]) {
            if !values.isEmpty { object[key] = .array(values.map { .string($0) }) }
        }
        put("verbs", verbs)
        put("apiGroups", apiGroups)
        put("resources", resources)
        put("resourceNames", resourceNames)
        put("nonResourceURLs", nonResourceURLs)
        return .object(object)
    }

    // MARK: - Matching a request (RuleAllows)

    /// Whether this rule allows `attributes` (Kubernetes' `RuleAllows`).
    func allows(_ attributes: RequestAttributes) -> Bool {
        guard verbs.contains("*") || verbs.contains(attributes.verb) else { return false }
        guard attributes.isResourceRequest else { return nonResourceURLMatches(attributes.path) }
        let combined = attributes.subresource.isEmpty ? attributes.resource : attributes.resource + "/" + attributes.subresource
        return (apiGroups.contains("*") || apiGroups.contains(attributes.apiGroup))
            && resourceMatches(combined, subresource: attributes.subresource)
            && (resourceNames.isEmpty || resourceNames.contains(attributes.name))
    }

    func resourceMatches(_ combined: String, subresource: String) -> Bool {
        resources.contains { rule in
            rule == "*" || rule == combined || (!subresource.isEmpty && rule == "*/" + subresource)
        }
    }

    func nonResourceURLMatches(_ path: String) -> Bool {
        nonResourceURLs.contains { Self.urlCovers($0, path) }
    }

    /// Whether a rule's URL (`*`, exact, or a prefix ending in `*`) covers `path`.
    static func urlCovers(_ rule: String, _ path: String) -> Bool {
        if rule == "*" || rule == path { return true }
        guard rule.hasSuffix("*") else { return false }
        var prefix = Substring(rule)
        while prefix.hasSuffix("*") { prefix = prefix.dropLast() }
        return path.hasPrefix(prefix)
    }

    // MARK: - Covering another rule (escalation checks)

    /// The rule split into rules of one verb, group, resource and name (or one URL and verb): `BreakdownRule`.
    var breakdown: [PolicyRule] {
        var result: [PolicyRule] = []
        for group in apiGroups {
            for resource in resources {
                for verb in verbs {
                    if resourceNames.isEmpty {
                        result.append(PolicyRule(verbs: [verb], apiGroups: [group], resources: [resource]))
                    } else {
                        for name in resourceNames {
                            result.append(PolicyRule(verbs: [verb], apiGroups: [group], resources: [resource], resourceNames: [name]))
                        }
                    }
                }
            }
        }
        for url in nonResourceURLs {
            for verb in verbs { result.append(PolicyRule(verbs: [verb], nonResourceURLs: [url])) }
        }
        return result
    }

    /// Whether this (owner's) rule covers all of `sub` (Kubernetes' `ruleCovers`).
    func covers(_ sub: PolicyRule) -> Bool {
        func hasAll(_ set: [String], _ wanted: [String]) -> Bool { wanted.allSatisfy(set.contains) }
        let verbsMatch = verbs.contains("*") || hasAll(verbs, sub.verbs)
        let groupsMatch = apiGroups.contains("*") || hasAll(apiGroups, sub.apiGroups)
        let resourcesMatch = resources.contains("*") || hasAll(resources, sub.resources) || sub.resources.allSatisfy { path in
            if resources.contains(path) { return true }
            guard let slash = path.firstIndex(of: "/") else { return false }
            return resources.contains("*/" + path[path.index(after: slash)...])
        }
        let urlsMatch = sub.nonResourceURLs.allSatisfy(nonResourceURLMatches)
        let namesMatch = sub.resourceNames.isEmpty ? resourceNames.isEmpty : (resourceNames.isEmpty || hasAll(resourceNames, sub.resourceNames))
        return verbsMatch && groupsMatch && resourcesMatch && namesMatch && urlsMatch
    }

    /// The rules of `servant` that none of `owner` covers, broken down; empty when `owner` covers them all (`Covers`).
    static func uncovered(_ servant: [PolicyRule], by owner: [PolicyRule]) -> [PolicyRule] {
        servant.flatMap(\.breakdown).filter { sub in !owner.contains { $0.covers(sub) } }
    }

    /// Rules of one group and resource (and at most one name) merged where they differ only by verb (`CompactRules`).
    static func compacted(_ rules: [PolicyRule]) -> [PolicyRule] {
        var result: [PolicyRule] = []
        var simple: [PolicyRule: Int] = [:]
        for rule in rules {
            guard rule.nonResourceURLs.isEmpty, rule.apiGroups.count == 1, rule.resources.count == 1, rule.resourceNames.count <= 1 else {
                result.append(rule)
                continue
            }
            var key = rule
            key.verbs = []
            if let index = simple[key] {
                result[index].verbs += rule.verbs
            } else {
                simple[key] = result.count
                result.append(rule)
            }
        }
        return result
    }

    /// The rule as Kubernetes prints it in escalation messages (`CompactString`):
    /// `{APIGroups:[""], Resources:["secrets"], Verbs:["get"]}`.
    var compactString: String {
        func quoted(_ values: [String]) -> String { "[" + values.map { GoQuote.quote($0) }.joined(separator: " ") + "]" }
        var parts: [String] = []
        if !apiGroups.isEmpty { parts.append("APIGroups:" + quoted(apiGroups)) }
        if !resources.isEmpty { parts.append("Resources:" + quoted(resources)) }
        if !nonResourceURLs.isEmpty { parts.append("NonResourceURLs:" + quoted(nonResourceURLs)) }
        if !resourceNames.isEmpty { parts.append("ResourceNames:" + quoted(resourceNames)) }
        if !verbs.isEmpty { parts.append("Verbs:" + quoted(verbs)) }
        return "{" + parts.joined(separator: ", ") + "}"
    }
}
