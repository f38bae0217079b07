extension BuildSession {
    /// Appends every resource to an accumulation, refusing a second object with the same identity.
    ///
    /// The accumulation keeps the identities it holds between consecutive calls (a kustomization's `resources`
    /// are appended one after another before any transformer runs), so a kustomization including many bases
    /// checks each object once instead of re-reading every earlier one per base.
    func appendAll(_ more: [Resource], to accumulation: inout Accumulation) throws(KustomizeError) {
        var keys = accumulation.registeredKeys ?? Set(accumulation.resources.map { $0.currentId.key })
        // Dropped before inserting, so the set is not shared and grows in place.
        accumulation.registeredKeys = nil
        try Self.append(more, to: &accumulation.resources, keys: &keys)
        accumulation.registeredKeys = keys
    }

    /// Appends `more` to `resources`, whose identities are `keys`, refusing an identity already there.
    static func append(_ more: [Resource], to resources: inout [Resource], keys: inout Set<ResId.Key>) throws(KustomizeError) {
        for resource in more {
            let id = resource.currentId
            guard keys.insert(id.key).inserted else {
                throw KustomizeError("may not add resource with an already registered id: \(id.display)", file: resource.source)
            }
            resources.append(resource)
        }
    }
}
