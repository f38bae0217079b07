extension JSONValue {
    /// How Go's `encoding/json` names this value in a type error (`json: cannot unmarshal array into …`), as Helm's
    /// `fromYaml` and its `Chart.yaml` loader and kustomize's kustomization decoder report them.
    public var goJSONKind: String {
        switch self {
        case .null: return "null"
        case .bool: return "bool"
        case .int, .double: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }
}
