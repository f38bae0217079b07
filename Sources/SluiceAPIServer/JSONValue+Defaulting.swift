import SluiceCore

extension JSONValue {
    /// Sets the field at `path` to `value` when it is absent or null, as Kubernetes' `SetDefaults_*` functions fill
    /// nil fields. Nothing changes when a member on the way is not an object: the schema check names that field.
    mutating func setDefault(_ path: [String], _ value: @autoclosure () -> JSONValue) {
        var node: JSONValue? = self
        for key in path.dropLast() {
            guard let current = node else { break }
            guard current.objectValue != nil else { return }
            node = current[key].flatMap { $0.isNull ? nil : $0 }
        }
        if let node, node.objectValue == nil { return }
        if let existing = self[path: path], !existing.isNull { return }
        self[path: path] = value()
    }

    /// Applies `transform` to each object of the array at `path` (members that are not objects are left alone).
    mutating func updateEach(_ path: [String], _ transform: (inout JSONValue) -> Void) {
        guard var items = self[path: path]?.arrayValue else { return }
        for index in items.indices where items[index].objectValue != nil { transform(&items[index]) }
        self[path: path] = .array(items)
    }

    /// Applies `transform` to the object at `path`, if it is one.
    mutating func updateObject(_ path: [String], _ transform: (inout JSONValue) -> Void) {
        guard var object = self[path: path], object.objectValue != nil else { return }
        transform(&object)
        self[path: path] = object
    }
}
