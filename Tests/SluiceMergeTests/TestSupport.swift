import SluiceCore

/// The first YAML document of `text` as a JSON value; tests write their data as YAML.
func yaml(_ text: String) throws -> JSONValue {
    try YAMLReader().documents(text).first?.value ?? .null
}

/// Compact JSON, for comparing with literals written as kube-apiserver writes them.
func json(_ value: JSONValue?) -> String {
    value.map { JSONSerializer().string($0) } ?? "nil"
}

/// The value with every list sorted by its elements' JSON: for comparing with kustomize, which puts
/// patched list elements first where kube-apiserver keeps the live order.
func ignoringListOrder(_ value: JSONValue) -> JSONValue {
    switch value {
    case .object(let object): return .object(JSONObject(object.map { ($0.key, ignoringListOrder($0.value)) }))
    case .array(let list): return .array(list.map(ignoringListOrder).sorted { json($0) < json($1) })
    default: return value
    }
}

let deploymentGVK = GroupVersionKind(group: "apps", version: "v1", kind: "Deployment")
let serviceGVK = GroupVersionKind(group: "", version: "v1", kind: "Service")
let configMapGVK = GroupVersionKind(group: "", version: "v1", kind: "ConfigMap")
let widgetGVK = GroupVersionKind(group: "example.com", version: "v1", kind: "Widget")
