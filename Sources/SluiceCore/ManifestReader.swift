/// Reads multi-document YAML or JSON into Kubernetes objects, refusing documents that are not Kubernetes-shaped.
public struct ManifestReader: Sendable {
    /// The YAML reader and its limits.
    public var yaml: YAMLReader

    /// A manifest reader with default limits.
    public init(yaml: YAMLReader = YAMLReader()) { self.yaml = yaml }

    /// Every object in `text`, in order; empty documents are skipped.
    ///
    /// - Throws: ``ManifestError`` naming the 1-based document, its line and the cause.
    public func objects(_ text: String, source: String? = nil) throws(ManifestError) -> [KubeObject] {
        var objects: [KubeObject] = []
        for (offset, document) in try yaml.documents(text, source: source).enumerated() {
            if document.value.isNull { continue }
            objects.append(try Self.object(document.value, source: source, document: offset + 1, line: document.line))
        }
        return objects
    }

    /// Checks that one decoded document is a Kubernetes object.
    public static func object(_ value: JSONValue, source: String? = nil, document: Int = 1, line: Int? = nil) throws(ManifestError) -> KubeObject {
        guard case .object(let root) = value else {
            let found = value.arrayValue != nil ? "a list" : "a \(value.typeName)"
            throw ManifestError(source: source, document: document, line: line, reason: .notAnObject(found: found))
        }
        for field in ["apiVersion", "kind"] {
            guard let text = root[field]?.stringValue, !text.isEmpty else {
                throw ManifestError(source: source, document: document, line: line, reason: .missingTypeMeta(field: field))
            }
        }
        if let metadata = root["metadata"], metadata.objectValue == nil, !metadata.isNull {
            throw ManifestError(source: source, document: document, line: line,
                                reason: .invalidField(field: "metadata", value: nil, problem: "expected an object, found \(metadata.typeName)"))
        }
        return KubeObject(root)
    }
}
