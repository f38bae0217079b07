import SluiceCore

/// One `metadata.managedFields` entry: a manager's owned fields for one operation.
struct ManagedFieldsEntry: Sendable, Equatable {
    var manager: String
    var operation: String
    var apiVersion: String
    var time: String?
    var subresource: String
    var fields: FieldSet

    /// Which entry a write belongs to: kube-apiserver merges entries with the same identity.
    /// Appliers keep one entry whatever API version they use; updaters get one per version.
    struct Identity: Hashable, Sendable {
        var manager: String
        var operation: String
        var apiVersion: String
        var subresource: String
    }

    var identity: Identity {
        Identity(manager: manager, operation: operation, apiVersion: operation == "Apply" ? "" : apiVersion, subresource: subresource)
    }

    /// An entry read from the object's JSON; `nil` when it is not one kube-apiserver could have written.
    init?(json: JSONValue) {
        guard case .object(let object) = json, let manager = object["manager"]?.stringValue,
              let operation = object["operation"]?.stringValue
        else { return nil }
        if let type = object["fieldsType"]?.stringValue, type != "FieldsV1" { return nil }
        guard let fields = FieldSet(fieldsV1: object["fieldsV1"] ?? .object(JSONObject())) else { return nil }
        self.init(manager: manager, operation: operation, apiVersion: object["apiVersion"]?.stringValue ?? "",
                  time: object["time"]?.stringValue, subresource: object["subresource"]?.stringValue ?? "", fields: fields)
    }

    init(manager: String, operation: String, apiVersion: String, time: String?, subresource: String = "", fields: FieldSet) {
        self.manager = manager
        self.operation = operation
        self.apiVersion = apiVersion
        self.time = time
        self.subresource = subresource
        self.fields = fields
    }

    /// The entry as kube-apiserver writes it (its field order: manager, operation, apiVersion, time, fieldsType, fieldsV1, subresource).
    var json: JSONValue {
        var object = JSONObject()
        object["manager"] = .string(manager)
        object["operation"] = .string(operation)
        object["apiVersion"] = .string(apiVersion)
        if let time { object["time"] = .string(time) }
        object["fieldsType"] = "FieldsV1"
        object["fieldsV1"] = fields.fieldsV1
        if !subresource.isEmpty { object["subresource"] = .string(subresource) }
        return .object(object)
    }
}
