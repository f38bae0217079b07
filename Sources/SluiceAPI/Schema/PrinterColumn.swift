import SluiceCore

/// An `additionalPrinterColumns` entry of a CRD version: a column `kubectl get` prints.
public struct PrinterColumn: Sendable, Hashable {
    /// The column header.
    public var name: String
    /// The column type: `string`, `date`, `integer`, `number` or `boolean`.
    public var type: String
    /// The JSONPath of the value, relative to the object.
    public var jsonPath: String
    /// A description of the column.
    public var description: String?
    /// 0 for the default view, higher for `-o wide`.
    public var priority: Int?

    /// A printer column.
    public init(name: String, type: String, jsonPath: String, description: String? = nil, priority: Int? = nil) {
        self.name = name
        self.type = type
        self.jsonPath = jsonPath
        self.description = description
        self.priority = priority
    }

    /// A string column.
    public static func string(_ name: String, _ jsonPath: String) -> PrinterColumn {
        PrinterColumn(name: name, type: "string", jsonPath: jsonPath)
    }

    /// `Age`, from `.metadata.creationTimestamp`.
    public static let age = PrinterColumn(name: "Age", type: "date", jsonPath: ".metadata.creationTimestamp")
    /// `Ready`: the `Ready` condition's status.
    public static let ready = PrinterColumn.string("Ready", #".status.conditions[?(@.type=="Ready")].status"#)
    /// `Status`: the `Ready` condition's message.
    public static let status = PrinterColumn.string("Status", #".status.conditions[?(@.type=="Ready")].message"#)

    /// The column as it appears in a CRD.
    public var json: JSONValue {
        var object = JSONObject()
        if let description { object["description"] = .string(description) }
        object["jsonPath"] = .string(jsonPath)
        object["name"] = .string(name)
        if let priority { object["priority"] = .int(Int64(priority)) }
        object["type"] = .string(type)
        return .object(object)
    }
}
