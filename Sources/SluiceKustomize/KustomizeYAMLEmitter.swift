import SluiceCore

/// Writes objects as `kubectl kustomize` prints them, byte for byte.
///
/// kustomize turns each resource into JSON and back into YAML with
/// `sigs.k8s.io/yaml` (go-yaml v2), so the output follows that emitter: keys in
/// go-yaml's natural order, two-space indentation, sequences in a mapping not
/// indented, YAML 1.1 look-alikes (`"yes"`, `"0123"`, `"1e3"`) double-quoted,
/// strings with line breaks as literal block scalars, long lines folded at 80
/// columns, and `---` between documents.
public struct KustomizeYAMLEmitter: Sendable {
    /// An emitter.
    public init() {}

    /// The documents, separated by `---` lines.
    public func emit(_ objects: [KubeObject]) -> String {
        emit(values: objects.map(\.value))
    }

    /// The values as YAML documents, separated by `---` lines.
    public func emit(values: [JSONValue]) -> String {
        var output: [UInt8] = []
        for (index, value) in values.enumerated() {
            if index > 0 { output.append(contentsOf: "---\n".utf8) }
            Self.write(value, to: &output)
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// One value as a YAML document.
    public func emit(document: JSONValue) -> String {
        var output: [UInt8] = []
        Self.write(document, to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// Appends one document's UTF-8 to `output`, with a fresh emitter state.
    static func write(_ document: JSONValue, to output: inout [UInt8]) {
        var writer = YAMLWriterState()
        // The buffer is moved into the writer and back, never copied.
        swap(&writer.output, &output)
        writer.emitNode(document, mappingContext: false, simpleKey: false)
        writer.writeIndent()
        if writer.openEnded { writer.put("...\n") }
        swap(&writer.output, &output)
    }
}
