import ArgumentParser
import SluiceCore
import SluiceKube

/// `sluice trace KIND NAME`: which Kustomization applied an object, from which source and revision.
struct TraceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trace",
        abstract: "Show which Kustomization applied an object, from which source and revision.",
        discussion: "KIND is the object's Kubernetes kind (Deployment, ConfigMap …), optionally kind.group.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The object's kind, such as Deployment or deployment.apps.")
    var kind: String

    @Argument(help: "The object's name.")
    var name: String

    func run() async throws {
        let client = try global.client()
        let namespace = global.namespace(for: client)
        let parts = kind.split(separator: ".", maxSplits: 1).map(String.init)
        let kindName = parts[0].lowercased()
        let group = parts.count > 1 ? parts[1] : nil
        let kustomizations = try await global.objects(.kustomization, namespace: nil, client: client)
        for kustomization in kustomizations {
            let matches = TreeCommand.inventory(of: kustomization).filter { entry in
                entry.name == name && entry.kind.lowercased() == kindName && (group == nil || entry.group == group)
                    && (entry.namespace.isEmpty || entry.namespace == namespace)
            }
            guard let entry = matches.first else { continue }
            let ready = ReconcileWaiter.readyCondition(of: kustomization)
            var lines = [
                "Object:        \(entry.kind)/\(entry.namespace.isEmpty ? "" : entry.namespace + "/")\(entry.name)",
                "",
                "Kustomization: \(kustomization.namespace ?? "")/\(kustomization.name)",
                "Path:          \(kustomization["spec", "path"]?.stringValue ?? "./")",
                "Revision:      \(kustomization["status", "lastAppliedRevision"]?.stringValue ?? "<none>")",
                "Status:        Ready=\(ready?["status"]?.stringValue ?? "Unknown") \(ready?["message"]?.stringValue ?? "")",
            ]
            if let source = ReconcileCommand.sourceReference(kind: .kustomization, object: kustomization) {
                let sourceNamespace = source.namespace ?? kustomization.namespace ?? namespace
                lines += ["", "Source:        \(source.kind.gvk.kind)/\(sourceNamespace)/\(source.name)"]
                if let object = try? await client.get(source.kind.gvk, namespace: sourceNamespace, name: source.name) {
                    let sourceReady = ReconcileWaiter.readyCondition(of: object)
                    lines += [
                        "URL:           \(object["spec", "url"]?.stringValue ?? "")",
                        "Revision:      \(object["status", "artifact", "revision"]?.stringValue ?? "<none>")",
                        "Status:        Ready=\(sourceReady?["status"]?.stringValue ?? "Unknown") \(sourceReady?["message"]?.stringValue ?? "")",
                    ]
                } else {
                    lines.append("Status:        not found")
                }
            }
            Terminal.out(lines.joined(separator: "\n"))
            return
        }
        throw CLIError("no Kustomization's inventory lists \(kind) \(namespace)/\(name)",
                       hint: "it was not applied by Sluice, or lives in another namespace (-n NS)")
    }
}
