import ArgumentParser
import Foundation
import SluiceCore

/// `sluice export <kind> [NAME]`: objects as clean YAML to commit to Git — no status, no server-set metadata.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Print objects as clean YAML for Git: apiVersion, kind, name, namespace, labels, annotations and spec.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The kind (or 'all'), then optionally a name.")
    var words: [String] = []

    func run() async throws {
        let kinds: [FluxKind]
        let rest: [String]
        if words.first?.lowercased() == "all" {
            kinds = FluxKind.allCases
            rest = Array(words.dropFirst())
        } else {
            let parsed = try FluxKind.parse(words)
            kinds = [parsed.kind]
            rest = parsed.rest
        }
        guard rest.count <= 1 else { throw CLIError("too many arguments: \(rest.joined(separator: " "))", hint: "sluice export KIND [NAME]") }
        let client = try global.client()
        let namespace = global.listNamespace(for: client)
        var documents: [JSONValue] = []
        for kind in kinds {
            if let name = rest.first {
                documents.append(Self.clean(try await global.object(kind, name: name, namespace: namespace ?? global.namespace(for: client), client: client)))
            } else {
                documents += try await global.objects(kind, namespace: namespace, client: client).map(Self.clean)
            }
        }
        if !documents.isEmpty { FileHandle.standardOutput.write(Data(try YAMLWriter().string(documents: documents).utf8)) }
    }

    /// Annotations a server or a client adds that do not belong in Git.
    static let droppedAnnotations: Set<String> = [
        "kubectl.kubernetes.io/last-applied-configuration", "reconcile.fluxcd.io/requestedAt",
        "reconcile.fluxcd.io/forceAt", "reconcile.fluxcd.io/resetAt",
    ]

    /// The object without status and without metadata the server owns.
    static func clean(_ object: KubeObject) -> JSONValue {
        var metadata = JSONObject([("name", .string(object.name))])
        if let namespace = object.namespace { metadata["namespace"] = .string(namespace) }
        if !object.labels.isEmpty {
            metadata["labels"] = .object(JSONObject(object.labels.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }))
        }
        let annotations = object.annotations.filter { !droppedAnnotations.contains($0.key) }
        if !annotations.isEmpty {
            metadata["annotations"] = .object(JSONObject(annotations.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }))
        }
        var root = JSONObject([("apiVersion", .string(object.apiVersion)), ("kind", .string(object.kind)), ("metadata", .object(metadata))])
        for (key, value) in object.root.members where !["apiVersion", "kind", "metadata", "status"].contains(key) {
            root[key] = value
        }
        return .object(root)
    }
}
