import SluiceCore

/// One object in a build, with what kustomize remembers about it along the way.
///
/// kustomize keeps this bookkeeping in internal annotations; here it lives beside
/// the object, so it can never leak into the output.
struct Resource {
    var object: JSONObject
    /// Every earlier identity, oldest first (kustomize's `previousNames` / `previousKinds` / `previousNamespaces`).
    var previousIds: [ResId] = []
    var prefixes: [String] = []
    var suffixes: [String] = []
    /// For generated objects: how they combine with an existing one (`create`, `merge`, `replace`).
    var behavior: String?
    var needsHashSuffix = false
    /// Names of the vars that point at this object.
    var referringVars: [String] = []
    /// Label and annotation values holding `$(` that commonLabels, labels or commonAnnotations placed, by key.
    var placedVarTexts: [(key: String, text: String)] = []
    /// The file the object came from, for messages and origin annotations.
    var source: String
    /// The transformers that ran over the object (`configuredIn`, `kind`), for `buildMetadata: [transformerAnnotations]`.
    var transformations: [(configuredIn: String, kind: String, name: String, namespace: String)] = []

    init(_ object: JSONObject, source: String) {
        self.object = object
        self.source = source
    }

    var value: JSONValue { .object(object) }
    var apiVersion: String { object["apiVersion"]?.stringValue ?? "" }
    var kind: String {
        get { object["kind"]?.stringValue ?? "" }
        set { object["kind"] = .string(newValue) }
    }
    var gvk: GroupVersionKind { GroupVersionKind(apiVersion: apiVersion, kind: kind) }

    var name: String {
        get { object["metadata"]?["name"]?.stringValue ?? "" }
        set { setMetadata("name", .string(newValue)) }
    }

    var namespace: String {
        get { object["metadata"]?["namespace"]?.stringValue ?? "" }
        set { setMetadata("namespace", newValue.isEmpty ? nil : .string(newValue)) }
    }

    mutating func setMetadata(_ key: String, _ value: JSONValue?) {
        var metadata = object["metadata"]?.objectValue ?? JSONObject()
        metadata[key] = value
        object["metadata"] = .object(metadata)
    }

    var labels: JSONObject {
        get { object["metadata"]?["labels"]?.objectValue ?? JSONObject() }
        set { setMetadata("labels", newValue.isEmpty ? nil : .object(newValue)) }
    }

    var annotations: JSONObject {
        get { object["metadata"]?["annotations"]?.objectValue ?? JSONObject() }
        set { setMetadata("annotations", newValue.isEmpty ? nil : .object(newValue)) }
    }

    var currentId: ResId { ResId(gvk: gvk, name: name, namespace: namespace) }

    /// The identity the object had when first read.
    var originalId: ResId { previousIds.first ?? currentId }

    /// Every identity, original first, current last.
    var allIds: [ResId] { previousIds + [currentId] }

    mutating func storePreviousId() {
        let id = currentId
        previousIds.append(ResId(gvk: id.gvk, name: id.name, namespace: id.effectiveNamespace))
    }

    /// Whether any identity, past or present, matches `id`.
    func matchesAnyId(_ id: ResId) -> Bool {
        if currentId.matches(id) { return true }
        return previousIds.contains { prev in
            prev.gvk.kind == id.gvk.kind && prev.gvk.group == id.gvk.group && prev.gvk.version == id.gvk.version
                && prev.name == id.name && ResId(gvk: prev.gvk, name: "", namespace: prev.namespace).isNamespaceEqual(id)
        }
    }

    /// Whether a `config.kubernetes.io/local-config` annotation marks the object as not for the cluster.
    var isLocalConfig: Bool {
        annotations["config.kubernetes.io/local-config"]?.stringValue == "true"
    }
}

extension Resource {
    static let originAnnotation = "config.kubernetes.io/origin"
    static let transformationsAnnotation = "alpha.config.kubernetes.io/transformations"

    /// Writes the recorded transformers into kustomize's transformations annotation.
    mutating func writeTransformations() {
        guard !transformations.isEmpty else { return }
        var text = ""
        for entry in transformations {
            text += "- configuredIn: \(entry.configuredIn)\n  configuredBy:\n    apiVersion: builtin\n    kind: \(entry.kind)\n"
            // A plugin config's own identity; the kustomization's fields have none.
            if !entry.name.isEmpty { text += "    name: \(entry.name)\n" }
            if !entry.namespace.isEmpty { text += "    namespace: \(entry.namespace)\n" }
        }
        var annotations = self.annotations
        annotations[Self.transformationsAnnotation] = .string(text)
        self.annotations = annotations
    }

    /// Sets kustomize's origin annotation (`buildMetadata: [originAnnotations]`).
    mutating func setOrigin(_ text: String) {
        var annotations = self.annotations
        annotations[Self.originAnnotation] = .string(text)
        self.annotations = annotations
    }
}
