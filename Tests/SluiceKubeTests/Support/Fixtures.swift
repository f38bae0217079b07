import Foundation
import SluiceCore

/// Kinds and objects the scenarios share.
enum Fixtures {
    static let configMap = GroupVersionKind(group: "", version: "v1", kind: "ConfigMap")
    static let namespace = GroupVersionKind(group: "", version: "v1", kind: "Namespace")
    static let widget = GroupVersionKind(group: "example.com", version: "v1", kind: "Widget")

    static func configMapJSON(_ name: String, namespace: String = "default", rv: String = "1", data: [String: String] = [:],
                              labels: [String: String] = [:], withTypeMeta: Bool = true) -> JSONValue
    {
        var metadata: JSONObject = ["name": .string(name), "namespace": .string(namespace), "resourceVersion": .string(rv)]
        if !labels.isEmpty { metadata["labels"] = .object(JSONObject(labels.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })) }
        var object: JSONObject = [:]
        if withTypeMeta {
            object["apiVersion"] = "v1"
            object["kind"] = "ConfigMap"
        }
        object["metadata"] = .object(metadata)
        object["data"] = .object(JSONObject(data.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }))
        return .object(object)
    }

    static func event(_ type: String, _ object: JSONValue) -> JSONValue { ["type": .string(type), "object": object] }

    static func parse(_ bytes: [UInt8]) -> JSONValue { (try? JSONParser().parse(bytes)) ?? .null }

    /// A fresh temporary directory.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-kube-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
