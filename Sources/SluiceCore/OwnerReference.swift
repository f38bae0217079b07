/// `metadata.ownerReferences[]`: an object that owns another, for garbage collection.
public struct OwnerReference: Sendable, Hashable, Codable {
    /// The owner's `apiVersion`.
    public var apiVersion: String
    /// The owner's kind.
    public var kind: String
    /// The owner's name.
    public var name: String
    /// The owner's uid.
    public var uid: String
    /// Whether the owner is the managing controller.
    public var controller: Bool?
    /// Whether the owner cannot be deleted before this object.
    public var blockOwnerDeletion: Bool?

    /// An owner reference.
    public init(apiVersion: String, kind: String, name: String, uid: String, controller: Bool? = nil, blockOwnerDeletion: Bool? = nil) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.name = name
        self.uid = uid
        self.controller = controller
        self.blockOwnerDeletion = blockOwnerDeletion
    }

    /// Reads an owner reference from its JSON tree; `nil` when a required field is missing.
    public init?(json: JSONValue) {
        guard let apiVersion = json["apiVersion"]?.stringValue, let kind = json["kind"]?.stringValue,
            let name = json["name"]?.stringValue, let uid = json["uid"]?.stringValue
        else { return nil }
        self.init(apiVersion: apiVersion, kind: kind, name: name, uid: uid,
                  controller: json["controller"]?.boolValue, blockOwnerDeletion: json["blockOwnerDeletion"]?.boolValue)
    }

    /// The JSON tree.
    public var json: JSONValue {
        var object: JSONObject = ["apiVersion": .string(apiVersion), "kind": .string(kind), "name": .string(name), "uid": .string(uid)]
        if let controller { object["controller"] = .bool(controller) }
        if let blockOwnerDeletion { object["blockOwnerDeletion"] = .bool(blockOwnerDeletion) }
        return .object(object)
    }
}
