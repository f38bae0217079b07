import SluiceCore

extension Cluster {
    /// The stored object `name` (in `namespace`) of the resource key `resource` (`/serviceaccounts`, `/secrets`),
    /// for the authenticator's checks that what a credential is bound to still exists.
    func storedObject(_ resource: String, namespace: String?, name: String) -> JSONValue? {
        objects[resource]?[ObjectRef.key(namespace: namespace, name: name)]
    }
}
