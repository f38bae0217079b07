import SluiceCore

/// A field in objects of some kinds that a transformer reads or writes, as in kustomize's `fieldSpecs`.
struct FieldSpec: Hashable {
    var selector: GvkSelector
    var path: String { didSet { segments = Self.split(path) } }
    var create: Bool
    /// The path split at unescaped `/` (`a\/b` stays one segment), kept beside it: transformers walk it once per object.
    private(set) var segments: [String]

    init(group: String = "", version: String = "", kind: String = "", path: String, create: Bool = false) {
        selector = GvkSelector(group: group, version: version, kind: kind)
        self.path = path
        self.create = create
        segments = Self.split(path)
    }

    /// A field spec from its YAML form (`group`, `version`, `kind`, `path`, `create`).
    init(json: JSONValue) throws(KustomizeError) {
        guard let path = json["path"]?.stringValue else { throw KustomizeError("a field spec needs a 'path'") }
        self.init(group: json["group"]?.stringValue ?? "", version: json["version"]?.stringValue ?? "",
                  kind: json["kind"]?.stringValue ?? "", path: path, create: json["create"]?.boolValue ?? false)
    }

    static func split(_ path: String) -> [String] {
        var segments: [String] = []
        var current = ""
        var escaped = false
        var bracketDepth = 0
        for c in path {
            if escaped {
                if c != "/" { current.append("\\") }
                current.append(c)
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else if c == "[" {
                bracketDepth += 1
                current.append(c)
            } else if c == "]" {
                bracketDepth = max(0, bracketDepth - 1)
                current.append(c)
            } else if c == "/" && bracketDepth == 0 {
                segments.append(current)
                current = ""
            } else {
                current.append(c)
            }
        }
        segments.append(current)
        return segments.filter { !$0.isEmpty }
    }

    /// Whether the spec applies to an object (by its current group, version and kind).
    func applies(to object: JSONObject) -> Bool {
        let gvk = GroupVersionKind(apiVersion: object["apiVersion"]?.stringValue ?? "", kind: object["kind"]?.stringValue ?? "")
        return selector.selects(gvk)
    }
}
