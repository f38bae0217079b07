import SluiceCore

/// kustomize's name reference fix-up: after names changed (prefixes, suffixes, hashes, namespaces), fields that
/// referred to an object by its old name are updated to its new name.
struct NameReferenceTransformer {
    var config: TransformerConfig

    func transform(_ resources: inout [Resource]) throws(KustomizeError) {
        for reference in config.nameReference {
            for spec in reference.referrers {
                for index in resources.indices where spec.selector.selects(resources[index].originalId.gvk) {
                    try fix(referrerIndex: index, spec: spec, target: reference.target, resources: &resources)
                }
            }
        }
    }

    private func fix(referrerIndex: Int, spec: FieldSpec, target: GvkSelector, resources: inout [Resource]) throws(KustomizeError) {
        let referrer = resources[referrerIndex]
        let candidates = candidateIndices(for: referrer, in: resources)
        var value = referrer.value
        do {
            try FieldWalker.walk(&value, spec.segments[...], create: nil) { node throws(KustomizeError) in
                switch node {
                case .null:
                    return
                case .string(let name):
                    if let referral = try selectReferral(name, candidates: candidates, resources: resources, referrer: referrer,
                                                         spec: spec, target: target, compareNamespaces: false) {
                        node = .string(resources[referral].name)
                    }
                case .object(var map):
                    try setMapping(&map, candidates: candidates, resources: resources, referrer: referrer, spec: spec, target: target)
                    node = .object(map)
                case .array(var items):
                    for i in items.indices {
                        if let name = items[i].stringValue {
                            if let referral = try selectReferral(name, candidates: candidates, resources: resources, referrer: referrer,
                                                                 spec: spec, target: target, compareNamespaces: false) {
                                items[i] = .string(resources[referral].name)
                            }
                        } else if case .object(var map) = items[i] {
                            try setMapping(&map, candidates: candidates, resources: resources, referrer: referrer, spec: spec, target: target)
                            items[i] = .object(map)
                        }
                    }
                    node = .array(items)
                default:
                    return
                }
            }
        } catch {
            throw KustomizeError("updating name reference in '\(spec.path)' field of '\(referrer.currentId.display)': \(error.message)", file: referrer.source)
        }
        resources[referrerIndex].object = value.objectValue ?? referrer.object
    }

    private func setMapping(_ map: inout JSONObject, candidates: [Int], resources: [Resource], referrer: Resource, spec: FieldSpec, target: GvkSelector) throws(KustomizeError) {
        guard let oldName = map["name"]?.stringValue else {
            if map["name"] == nil { throw KustomizeError("path config error; no 'name' field in node") }
            return
        }
        var scoped = candidates
        if let namespace = map["namespace"]?.stringValue {
            let byOriginal = candidates.filter { resources[$0].originalId.namespace == namespace }
            scoped = byOriginal.isEmpty ? candidates.filter { resources[$0].namespace == namespace } : byOriginal
        }
        guard let referral = try selectReferral(oldName, candidates: scoped, resources: resources, referrer: referrer, spec: spec,
                                                target: target, compareNamespaces: true) else { return }
        let found = resources[referral]
        if found.name == oldName && found.namespace.isEmpty { return }
        map["name"] = .string(found.name)
        if !found.namespace.isEmpty { map["namespace"] = .string(found.namespace) }
    }

    /// kustomize's `SubsetThatCouldBeReferencedByResource`.
    private func candidateIndices(for referrer: Resource, in resources: [Resource]) -> [Int] {
        let referrerId = referrer.currentId
        if referrerId.isClusterScoped { return Array(resources.indices) }
        var bindingNamespaces: Set<String> = []
        if referrer.kind == "RoleBinding" || referrer.kind == "ClusterRoleBinding" {
            for subject in referrer.object["subjects"]?.arrayValue ?? [] {
                if let namespace = subject["namespace"]?.stringValue { bindingNamespaces.insert(namespace) }
            }
        }
        return resources.indices.filter { index in
            let id = resources[index].currentId
            return id.isClusterScoped || id.isNamespaceEqual(referrerId) || bindingNamespaces.contains(resources[index].namespace)
        }
    }

    private func selectReferral(_ oldName: String, candidates: [Int], resources: [Resource], referrer: Resource, spec: FieldSpec,
                                target: GvkSelector, compareNamespaces: Bool) throws(KustomizeError) -> Int? {
        var list = candidates.filter { resources[$0].previousIds.contains { $0.name == oldName } }
        list = list.filter { resources[$0].previousIds.contains { target.selects($0.gvk) } }
        if spec.path.hasSuffix("roleRef/name"), let roleRef = referrer.object["roleRef"],
           let group = roleRef["apiGroup"]?.stringValue, let kind = roleRef["kind"]?.stringValue {
            let selector = GvkSelector(group: group, kind: kind)
            list = list.filter { resources[$0].previousIds.contains { selector.selects($0.gvk) } }
        }
        let referrerId = referrer.currentId
        if !referrerId.isClusterScoped {
            list = list.filter {
                let id = resources[$0].currentId
                return id.isClusterScoped || id.gvk.kind == "ServiceAccount" || referrerId.isNamespaceEqual(id)
            }
        }
        if list.count == 1 { return list[0] }
        // First an empty prefix or suffix list matches anything, then they must end alike.
        for allowEmpty in [true, false] {
            list = list.filter {
                Self.affixesMatch(resources[$0].prefixes, referrer.prefixes, allowEmpty: allowEmpty)
                    && Self.affixesMatch(resources[$0].suffixes, referrer.suffixes, allowEmpty: allowEmpty)
            }
            if list.count == 1 { return list[0] }
        }
        guard let first = list.first else { return nil }
        let identical = list.allSatisfy {
            resources[$0].name == resources[first].name && (!compareNamespaces || resources[$0].namespace == resources[first].namespace)
        }
        if identical { return first }
        throw KustomizeError("found multiple possible referrals: \(list.map { resources[$0].currentId.display }.joined(separator: ", "))")
    }

    static func affixesMatch(_ a: [String], _ b: [String], allowEmpty: Bool) -> Bool {
        if allowEmpty && (a.isEmpty || b.isEmpty) { return true }
        return sameEnding(a, b)
    }

    /// kustomize's `SameEndingSubSlice`.
    static func sameEnding(_ a: [String], _ b: [String]) -> Bool {
        var shortest = a, longest = b
        if shortest.count > longest.count { swap(&shortest, &longest) }
        let difference = longest.count - shortest.count
        if shortest.isEmpty { return difference == 0 }
        for i in stride(from: shortest.count - 1, through: 0, by: -1) where longest[i + difference] != shortest[i] { return false }
        return true
    }
}
