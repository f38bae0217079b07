import SluiceCore

extension Cluster {
    /// The stored CustomResourceDefinitions, by name (for the OpenAPI documents).
    func customResourceDefinitions() -> [JSONValue] {
        let stored = objects[Self.crdKey] ?? [:]
        return stored.keys.sorted().compactMap { stored[$0] }
    }
}
