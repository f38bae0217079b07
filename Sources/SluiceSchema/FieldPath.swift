/// A field's path as Kubernetes prints it: `spec.template.spec.containers[0].image`, map keys as `metadata.labels[app]`.
struct FieldPath: CustomStringConvertible, Sendable {
    /// The path printed so far; empty at the object's root.
    private(set) var description: String = ""

    /// The member `name` of the object at this path.
    func child(_ name: String) -> FieldPath {
        FieldPath(description: description.isEmpty ? name : description + "." + name)
    }

    /// The element `index` of the list at this path.
    func index(_ index: Int) -> FieldPath {
        FieldPath(description: description + "[\(index)]")
    }

    /// The value at `key` of the map at this path.
    func key(_ key: String) -> FieldPath {
        FieldPath(description: description + "[\(key)]")
    }
}
