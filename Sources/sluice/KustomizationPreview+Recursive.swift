import Foundation
import KustomizeController
import SluiceAPI
import SluiceCore
import SluiceKube

extension KustomizationPreview {
    /// The objects of the build, followed by those of every Flux Kustomization it holds, built recursively from its
    /// `spec.path` in the local source its sourceRef names (`localSources`), as `flux build kustomization --recursive`
    /// does: each nested build comes after its parent's objects, depth first. Other objects, HelmReleases included,
    /// are printed as built and not expanded (Flux builds Kustomizations only). Outside a dry run a nested
    /// Kustomization the cluster holds is built as the cluster has it, else as the build made it.
    ///
    /// A Kustomization met twice (a cycle, or two parents) is built once.
    ///
    /// - Throws: ``CLIError`` naming the Kustomization whose source has no local checkout, or whose build fails.
    func recursiveObjects(localSources: BuildLocalSources) async throws -> [KubeObject] {
        var built: Set<String> = [Self.key(kustomization.metadata.namespace, kustomization.metadata.name)]
        return try await expanded(try await objects(), parent: kustomization, localSources: localSources, built: &built)
    }

    /// `objects` followed by the recursive builds of the Kustomizations among them.
    private func expanded(_ objects: [KubeObject], parent: Kustomization, localSources: BuildLocalSources,
                          built: inout Set<String>) async throws -> [KubeObject]
    {
        var result = objects
        for object in objects where object.apiVersion.hasPrefix(FluxKind.kustomization.gvk.group + "/") && object.kind == "Kustomization" {
            let namespace = object.namespace ?? parent.metadata.namespace
            guard built.insert(Self.key(namespace, object.name)).inserted else { continue }
            var nested: Kustomization
            do {
                nested = try object.decode(as: Kustomization.self)
            } catch {
                throw CLIError("\(object.displayName), built by Kustomization \(Self.key(parent.metadata.namespace, parent.metadata.name)), is not valid: \(error)")
            }
            if (nested.metadata.namespace ?? "").isEmpty { nested.metadata.namespace = namespace }
            if let live, let onCluster = try? await live.reconciler.client.get(FluxKind.kustomization.gvk, namespace: namespace, name: object.name),
               let decoded = try? onCluster.decode(as: Kustomization.self)
            {
                nested = decoded
            }
            let directory = try localSources.directory(for: nested)
            result += try await expanded(try await self.objects(for: nested, directory: directory), parent: nested,
                                         localSources: localSources, built: &built)
        }
        return result
    }

    /// `namespace/name`.
    private static func key(_ namespace: String?, _ name: String) -> String { "\(namespace ?? "")/\(name)" }
}
