import SluiceCore

extension FieldSet {
    /// The set in the `FieldsV1` JSON form kube-apiserver writes into `managedFields`.
    ///
    /// Keys are sorted in structured-merge-diff's element order; an element
    /// that is a member and has children gets `".": {}` first.
    var fieldsV1: JSONValue { .object(encode(includeSelf: false)) }

    private func encode(includeSelf: Bool) -> JSONObject {
        var object = JSONObject()
        if includeSelf && !isEmpty { object["."] = .object(JSONObject()) }
        let elements = Set(members).union(children.keys).sorted { PathElement.compare($0, $1) < 0 }
        for element in elements {
            if let child = children[element] {
                object[element.fieldsV1Key] = .object(child.encode(includeSelf: members.contains(element)))
            } else {
                object[element.fieldsV1Key] = .object(JSONObject())
            }
        }
        return object
    }

    /// A set read from `FieldsV1` JSON; `nil` when it is malformed.
    init?(fieldsV1 value: JSONValue) {
        guard case .object(let object) = value else { return nil }
        self.init()
        for (key, child) in object {
            if key == "." { continue }
            guard let element = PathElement(fieldsV1Key: key), case .object(let inner) = child else { return nil }
            if inner.isEmpty || inner.contains(".") { members.insert(element) }
            guard let set = FieldSet(fieldsV1: child) else { return nil }
            if !set.isEmpty { children[element] = set }
        }
    }
}
