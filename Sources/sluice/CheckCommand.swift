import ArgumentParser
import Foundation
import SluiceAPI
import SluiceCore
import SluiceKube

/// `sluice check [--pre]`: the cluster's Kubernetes version against Sluice's minimum; then Sluice's controllers
/// (their Deployments, or the child processes of `sluice up`) and CRDs, as `flux check`.
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check the prerequisites (--pre) or the installed components.",
        discussion: """
            --pre checks that the cluster answers and its Kubernetes version satisfies \(minimumKubernetes). Without it,
            also: every controller's Deployment in the namespace (-n, default flux-system) is ready — or, with no
            Deployments there, the controllers `sluice up` runs on --data are alive — and every Sluice CRD is
            established. Exits 1 when a check fails.
            """)

    /// The Kubernetes versions Sluice supports (its built-in schemas are Kubernetes 1.32's).
    static let minimumKubernetes = ">=1.32.0-0"
    /// The CRD kind.
    static let definitionKind = CustomResourceInstaller.gvk

    @OptionGroup var global: GlobalOptions

    @Flag(name: .customLong("pre"), help: "Only check the prerequisites: the cluster answers and its version is supported.")
    var pre = false

    @Option(name: .customLong("data"), help: "The data directory of a `sluice up` whose controllers to check when no Deployments exist.")
    var data = ".sluice"

    func run() async throws {
        let client = try global.client()
        Terminal.err("► checking prerequisites")
        guard try await versionCheck(client) else { throw CLIError("prerequisites checks failed") }
        if pre {
            Terminal.err("✔ prerequisites checks passed")
            return
        }
        let namespace = global.namespace(for: client)
        Terminal.err("► checking controllers")
        let controllers = try await controllersCheck(client, namespace: namespace)
        Terminal.err("► checking crds")
        let definitions = try await definitionsCheck(client)
        guard controllers && definitions else { throw CLIError("check failed", hint: "install with sluice install, or run sluice up") }
        Terminal.err("✔ all checks passed")
    }

    /// The server's version against ``minimumKubernetes``.
    private func versionCheck(_ client: KubernetesClient) async throws -> Bool {
        let document: JSONValue
        do {
            document = try await client.serverVersion()
        } catch {
            Terminal.err("✗ Kubernetes API call failed: \(error)")
            return false
        }
        guard let text = document["gitVersion"]?.stringValue, let version = SemanticVersion(text) else {
            Terminal.err("✗ Kubernetes version can't be determined")
            return false
        }
        let constraint = try VersionConstraint(Self.minimumKubernetes)
        // A build suffix or pre-release (`v1.32.0-sluice`, `-gke.1`) is still that release.
        let release = SemanticVersion(major: version.major, minor: version.minor, patch: version.patch)
        guard constraint.isSatisfied(by: release) else {
            Terminal.err("✗ Kubernetes \(text) does not match \(Self.minimumKubernetes)")
            return false
        }
        Terminal.err("✔ Kubernetes \(text) \(Self.minimumKubernetes)")
        return true
    }

    /// Every controller's Deployment ready; with none, `sluice up`'s children alive.
    private func controllersCheck(_ client: KubernetesClient, namespace: String) async throws -> Bool {
        let deployments = try await client.listAll(ComponentsInstaller.deployment, namespace: namespace,
                                                labelSelector: "\(Components.partOfLabel)=\(Components.partOf)").items
        guard !deployments.isEmpty else {
            let children = UpDataDirectory.recordedChildren(at: data).filter { $0.name != "apiserver" }
            guard !children.isEmpty else {
                Terminal.err("✗ no controllers found in the '\(namespace)' namespace with the label selector "
                             + "'\(Components.partOfLabel)=\(Components.partOf)', and no sluice up running on \(data)")
                return false
            }
            var healthy = true
            for child in children {
                Terminal.err(child.alive ? "✔ \(child.name): running (pid \(child.pid), sluice up on \(data))"
                                         : "✗ \(child.name): not running (pid \(child.pid) is gone)")
                healthy = healthy && child.alive
            }
            return healthy
        }
        var healthy = true
        for name in Components.controllers {
            guard let deployment = deployments.first(where: { $0.name == name }) else {
                Terminal.err("✗ \(name): deployment not found")
                healthy = false
                continue
            }
            let ready = ComponentsInstaller.isReady(deployment)
            Terminal.err(ready ? "✔ \(name): deployment ready" : "✗ \(name): deployment not ready")
            for container in deployment["spec", "template", "spec", "containers"]?.arrayValue ?? [] {
                if let image = container["image"]?.stringValue { Terminal.err("► \(image)") }
            }
            healthy = healthy && ready
        }
        return healthy
    }

    /// Every Sluice CRD exists and is established, with a stored version.
    private func definitionsCheck(_ client: KubernetesClient) async throws -> Bool {
        var healthy = true
        for resource in APIScheme.resources {
            let name = "\(resource.plural).\(resource.group)"
            guard let definition = try await client.get(Self.definitionKind, namespace: nil, name: name) else {
                Terminal.err("✗ \(name): not installed")
                healthy = false
                continue
            }
            let established = (definition["status", "conditions"]?.arrayValue ?? []).contains {
                $0["type"]?.stringValue == "Established" && $0["status"]?.stringValue == "True"
            }
            let stored = definition["status", "storedVersions"]?.arrayValue?.last?.stringValue
                ?? definition["spec", "versions"]?.arrayValue?.first(where: { $0["storage"]?.boolValue == true })?["name"]?.stringValue
            guard established, let stored else {
                Terminal.err("✗ \(name): not established")
                healthy = false
                continue
            }
            Terminal.err("✔ \(name)/\(stored)")
        }
        return healthy
    }
}
