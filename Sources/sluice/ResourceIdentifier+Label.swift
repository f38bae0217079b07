import SluiceCore

extension ResourceIdentifier {
    /// `Kind/namespace/name`, or `Kind/name` for a cluster-scoped object, as `flux tree` prints an object.
    var label: String {
        namespace.isEmpty ? "\(kind)/\(name)" : "\(kind)/\(namespace)/\(name)"
    }
}
