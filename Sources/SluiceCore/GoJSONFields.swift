/// What Go's `encoding/json` does when it fills a struct, shared by the decoders that read as a Go program reads:
/// Helm's `Chart.yaml` (SluiceHelm), Helm's release record (HelmController) and a kustomization (SluiceKustomize).
///
/// Each of them keeps its own table of fields and its own conversions (sigs.k8s.io/yaml turns numbers into strings for
/// `Chart.yaml`, kustomize refuses unknown fields, the release record reads times and base64); the rules here are the
/// ones Go applies alike to all: which field a key names, and the words of a value of the wrong type.
public enum GoJSONFields {
    /// The field `key` names among `fields`: the one spelled exactly so, else the one equal to it ignoring case
    /// (``GoFold``, as Go's decoder folds); nil when none does.
    public static func field(for key: String, among fields: some Sequence<String>) -> String? {
        var insensitive: String?
        let foldedKey = GoFold.folded(key)
        for field in fields {
            if field == key { return field }
            if insensitive == nil, GoFold.folded(field) == foldedKey { insensitive = field }
        }
        return insensitive
    }

    /// Go's `UnmarshalTypeError` message: `json: cannot unmarshal KIND into Go struct field STRUCT.PATH of type TYPE`,
    /// or `… into Go value of type TYPE` for the value at the root (`path` empty).
    ///
    /// - Parameters:
    ///   - kind: What the value is, as Go names it (``JSONValue/goJSONKind``, or `number 2.5`).
    ///   - goType: The Go type it was bound for (`string`, `[]string`, `v2.Maintainer`).
    ///   - structName: The struct holding the field.
    ///   - path: The fields from the decoded root to the value.
    public static func typeError(_ kind: String, goType: String, structName: String, path: [String]) -> String {
        let into = path.isEmpty ? "Go value" : "Go struct field \(structName).\(path.joined(separator: "."))"
        return "json: cannot unmarshal \(kind) into \(into) of type \(goType)"
    }
}
