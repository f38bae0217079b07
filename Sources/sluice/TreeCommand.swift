import ArgumentParser
import SluiceCore
import SluiceKube
import SluiceApply

/// `sluice tree kustomization|helmrelease NAME`: the objects a Kustomization applied or a HelmRelease's release holds,
/// nested Kustomizations and HelmReleases expanded (as `flux tree kustomization`).
struct TreeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tree",
        abstract: "Show a Kustomization's inventory or a HelmRelease's objects as a tree, nested Kustomizations and HelmReleases expanded.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var target: KindArguments

    func run() async throws {
        let (kind, name) = try target.kindAndName()
        guard kind == .kustomization || kind == .helmRelease else {
            throw CLIError("tree shows Kustomizations and HelmReleases, not \(kind.gvk.kind)",
                           hint: "sluice tree kustomization NAME, or sluice tree helmrelease NAME")
        }
        let client = try global.client()
        let namespace = global.namespace(for: client)
        var lines = ["\(kind.gvk.kind)/\(namespace)/\(name)"]
        var visited: Set<String> = ["\(kind.gvk.kind)/\(namespace)/\(name)"]
        try await expand(kind, namespace: namespace, name: name, prefix: "", lines: &lines, visited: &visited, client: client)
        Terminal.out(lines.joined(separator: "\n"))
    }

    /// Appends the objects of one Kustomization or HelmRelease under `prefix`, recursing into the Kustomizations and
    /// HelmReleases among them (each once).
    private func expand(_ kind: FluxKind, namespace: String, name: String, prefix: String, lines: inout [String],
                        visited: inout Set<String>, client: KubernetesClient) async throws
    {
        let object = try await global.object(kind, name: name, namespace: namespace, client: client)
        let entries = kind == .helmRelease
            ? try await HelmReleaseObjects(client: client).identifiers(of: HelmReleaseView(object))
            : Self.inventory(of: object)
        for (index, entry) in entries.enumerated() {
            let last = index == entries.count - 1
            lines.append(prefix + (last ? "└── " : "├── ") + entry.label)
            guard let nested = [FluxKind.kustomization, .helmRelease].first(where: { $0.gvk.kind == entry.kind && $0.gvk.group == entry.group })
            else { continue }
            let key = "\(entry.kind)/\(entry.namespace)/\(entry.name)"
            if visited.insert(key).inserted {
                try await expand(nested, namespace: entry.namespace, name: entry.name, prefix: prefix + (last ? "    " : "│   "),
                                 lines: &lines, visited: &visited, client: client)
            }
        }
    }

    /// The objects `status.inventory.entries` names, in order.
    static func inventory(of object: KubeObject) -> [ResourceIdentifier] {
        (object["status", "inventory", "entries"]?.arrayValue ?? [])
            .compactMap { $0.objectValue?["id"]?.stringValue }
            .compactMap(ResourceIdentifier.init)
    }
}
