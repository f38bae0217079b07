import SluiceCore

/// kustomize's name reference fix-up: after names changed (prefixes, suffixes, hashes, namespaces), fields that
/// referred to an object by its old name are updated to its new name.
struct NameReferenceTransformer {
    var config: TransformerConfig

    /// What the transformer needs to know about each object, computed once.
    struct Facts {
        var originalGvk: [GroupVersionKind]
        var currentIds: [ResId]
        /// Objects by each earlier name they had.
        var byPreviousName: [String: [Int]]
        /// Each object's current namespace as kustomize compares them (``ResId/effectiveNamespace``).
        var effectiveNamespaces: [String]
        /// Whether each object's current kind is cluster-scoped.
        var clusterScoped: [Bool]
        /// Namespaced objects by the effective namespace they had when first read (kustomize's GroupedByOriginalNamespace), in order.
        var byOriginalNamespace: [String: [Int]]

        init(_ resources: [Resource], byPreviousName: [String: [Int]]) {
            originalGvk = resources.map(\.originalId.gvk)
            currentIds = resources.map(\.currentId)
            self.byPreviousName = byPreviousName
            effectiveNamespaces = currentIds.map(\.effectiveNamespace)
            clusterScoped = currentIds.map(\.isClusterScoped)
            var byOriginalNamespace: [String: [Int]] = [:]
            for (index, resource) in resources.enumerated() {
                let original = resource.originalId
                if !original.isClusterScoped { byOriginalNamespace[original.effectiveNamespace, default: []].append(index) }
            }
            self.byOriginalNamespace = byOriginalNamespace
        }
    }

    func transform(_ resources: inout [Resource]) throws(KustomizeError) {
        var byPreviousName: [String: [Int]] = [:]
        for (index, resource) in resources.enumerated() {
            for name in Set(resource.previousIds.map(\.name)) { byPreviousName[name, default: []].append(index) }
        }
        // Nothing was renamed: no reference can need fixing.
        guard !byPreviousName.isEmpty else { return }
        let facts = Facts(resources, byPreviousName: byPreviousName)
        for reference in config.nameReference {
            for spec in reference.referrers {
                let segments = spec.segments
                for index in resources.indices where spec.selector.selects(facts.originalGvk[index]) {
                    guard Self.hasField(resources[index].value, segments[...]) else { continue }
                    try fix(referrerIndex: index, spec: spec, target: reference.target, resources: &resources, facts: facts)
                }
            }
        }
    }

    /// Whether the path leads anywhere in the object (entering lists), so that objects without the field are skipped cheaply.
    static func hasField(_ value: JSONValue, _ segments: ArraySlice<String>) -> Bool {
        guard let segment = segments.first else { return true }
        switch value {
        case .object(let object):
            let name = segment.hasSuffix("[]") ? String(segment.dropLast(2)) : segment
            guard let child = object[name] else { return false }
            return hasField(child, segments.dropFirst())
        case .array(let items):
            return items.contains { hasField($0, segments) }
        case .null:
            return false
        default:
            // A scalar where the path goes on: walking it reports the error, as kustomize does.
            return true
        }
    }

    private func fix(referrerIndex: Int, spec: FieldSpec, target: GvkSelector, resources: inout [Resource], facts: Facts) throws(KustomizeError) {
        let referrer = resources[referrerIndex]
        let candidates = candidateFilter(for: referrer, facts: facts, resources: resources)
        var value = referrer.value
        do {
            try FieldWalker.walk(&value, spec.segments[...], create: nil) { node throws(KustomizeError) in
                switch node {
                case .null:
                    return
                case .string(let name):
                    if let referral = try selectReferral(name, candidates: candidates, resources: resources, facts: facts, referrer: referrer,
                                                         spec: spec, target: target, compareNamespaces: false) {
                        node = .string(resources[referral].name)
                    }
                case .object(var map):
                    try setMapping(&map, candidates: candidates, resources: resources, facts: facts, referrer: referrer, spec: spec, target: target)
                    node = .object(map)
                case .array(var items):
                    for i in items.indices {
                        if let name = items[i].stringValue {
                            if let referral = try selectReferral(name, candidates: candidates, resources: resources, facts: facts, referrer: referrer,
                                                                 spec: spec, target: target, compareNamespaces: false) {
                                items[i] = .string(resources[referral].name)
                            }
                        } else if case .object(var map) = items[i] {
                            try setMapping(&map, candidates: candidates, resources: resources, facts: facts, referrer: referrer, spec: spec, target: target)
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

    private func setMapping(_ map: inout JSONObject, candidates: (Int) -> Bool, resources: [Resource], facts: Facts, referrer: Resource, spec: FieldSpec, target: GvkSelector) throws(KustomizeError) {
        guard let oldName = map["name"]?.stringValue else {
            if map["name"] == nil { throw KustomizeError("path config error; no 'name' field in node") }
            return
        }
        var scoped = candidates
        if let namespace = map["namespace"]?.stringValue {
            // kustomize's GroupedByOriginalNamespace, else GroupedByCurrentNamespace: effective namespaces (an empty
            // one is `default`), cluster-scoped objects in neither.
            let inOriginal = { (index: Int) in
                let id = resources[index].originalId
                return !id.isClusterScoped && id.effectiveNamespace == namespace
            }
            let inCurrent = { (index: Int) in
                let id = facts.currentIds[index]
                return !id.isClusterScoped && id.effectiveNamespace == namespace
            }
            // Only the objects first read in that namespace can qualify; looked up rather than scanned.
            let hasOriginal = (facts.byOriginalNamespace[namespace] ?? []).contains(where: candidates)
            scoped = hasOriginal ? { candidates($0) && inOriginal($0) } : { candidates($0) && inCurrent($0) }
        }
        guard let referral = try selectReferral(oldName, candidates: scoped, resources: resources, facts: facts, referrer: referrer, spec: spec,
                                                target: target, compareNamespaces: true) else { return }
        let found = resources[referral]
        if found.name == oldName && found.namespace.isEmpty { return }
        map["name"] = .string(found.name)
        if !found.namespace.isEmpty { map["namespace"] = .string(found.namespace) }
    }

    /// kustomize's `SubsetThatCouldBeReferencedByResource`, as a test on an object's index.
    private func candidateFilter(for referrer: Resource, facts: Facts, resources: [Resource]) -> (Int) -> Bool {
        let referrerId = referrer.currentId
        if referrerId.isClusterScoped { return { _ in true } }
        var bindingNamespaces: Set<String> = []
        // kustomize's getNamespacesForRoleBinding: only a RoleBinding's ServiceAccount subjects reach other namespaces.
        if referrer.kind == "RoleBinding" {
            for subject in referrer.object["subjects"]?.arrayValue ?? [] where subject["kind"]?.stringValue == "ServiceAccount" {
                if let namespace = subject["namespace"]?.stringValue { bindingNamespaces.insert(namespace) }
            }
        }
        let referrerNamespace = referrerId.effectiveNamespace
        return { index in
            facts.clusterScoped[index] || facts.effectiveNamespaces[index] == referrerNamespace
                || (!bindingNamespaces.isEmpty && bindingNamespaces.contains(facts.currentIds[index].namespace))
        }
    }

    private func selectReferral(_ oldName: String, candidates: (Int) -> Bool, resources: [Resource], facts: Facts, referrer: Resource, spec: FieldSpec,
                                target: GvkSelector, compareNamespaces: Bool) throws(KustomizeError) -> Int? {
        var list = (facts.byPreviousName[oldName] ?? []).filter(candidates)
        list = list.filter { resources[$0].previousIds.contains { target.selects($0.gvk) } }
        if spec.path.hasSuffix("roleRef/name"), let roleRef = referrer.object["roleRef"],
           let group = roleRef["apiGroup"]?.stringValue, let kind = roleRef["kind"]?.stringValue {
            let selector = GvkSelector(group: group, kind: kind)
            list = list.filter { resources[$0].previousIds.contains { selector.selects($0.gvk) } }
        }
        let referrerId = referrer.currentId
        if !referrerId.isClusterScoped {
            let referrerNamespace = referrerId.effectiveNamespace
            list = list.filter {
                facts.clusterScoped[$0] || facts.currentIds[$0].gvk.kind == "ServiceAccount" || facts.effectiveNamespaces[$0] == referrerNamespace
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
