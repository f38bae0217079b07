import ArgumentParser
import SluiceCore
import SluiceKube
import SluiceApply

/// `sluice tree kustomization NAME`: the objects a Kustomization applied, nested Kustomizations expanded.
struct TreeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tree",
        abstract: "Show a Kustomization's inventory as a tree, with nested Kustomizations expanded.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var target: KindArguments

    func run() async throws {
        let (kind, name) = try target.kindAndName()
        guard kind == .kustomization else {
            throw CLIError("tree shows Kustomizations, not \(kind.gvk.kind)", hint: "sluice tree kustomization NAME")
        }
        let client = try global.client()
        let namespace = global.namespace(for: client)
        var lines = ["Kustomization/\(namespace)/\(name)"]
        var visited: Set<String> = ["\(namespace)/\(name)"]
        try await expand(namespace: namespace, name: name, prefix: "", lines: &lines, visited: &visited, client: client)
        Terminal.out(lines.joined(separator: "\n"))
    }

    /// Appends the inventory of one Kustomization under `prefix`, recursing into the Kustomizations it applied.
    private func expand(namespace: String, name: String, prefix: String, lines: inout [String], visited: inout Set<String>,
                        client: KubernetesClient) async throws {
        let object = try await global.object(.kustomization, name: name, namespace: namespace, client: client)
        let entries = Self.inventory(of: object)
        for (index, entry) in entries.enumerated() {
            let last = index == entries.count - 1
            let label = entry.namespace.isEmpty ? "\(entry.kind)/\(entry.name)" : "\(entry.kind)/\(entry.namespace)/\(entry.name)"
            lines.append(prefix + (last ? "└── " : "├── ") + label)
            let key = "\(entry.namespace)/\(entry.name)"
            if entry.kind == "Kustomization", entry.group == FluxKind.kustomization.gvk.group, !visited.contains(key) {
                visited.insert(key)
                try await expand(namespace: entry.namespace, name: entry.name, prefix: prefix + (last ? "    " : "│   "),
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
