import ArgumentParser
import Foundation
import ServiceLifecycle
import SluiceAPI
import SluiceApply
import SluiceKube
import SluiceRuntime
import SluiceStore

/// The kustomize-controller: builds Kustomizations from source artifacts and applies them to the cluster.
public enum KustomizeController: ControllerDescriptor {
    /// The controller's name, as it reports events.
    public static let name = "kustomize-controller"

    /// One line for `--help`.
    public static let abstract = "Builds Kustomizations from source artifacts and applies them to the cluster."

    /// The kinds this controller reconciles.
    public static let kinds: [any APIObject.Type] = [Kustomization.self]

    /// `reconcile`, `get`, `diff` and `build DIR` (the engine alone).
    public static var debugCommands: [any ParsableCommand.Type] {
        [KustomizeReconcileCommand.self, KustomizeGetCommand.self, KustomizeDiffCommand.self, KustomizeBuildCommand.self]
    }

    /// The Kustomization controller and the source watchers (GitRepository, OCIRepository) that queue Kustomizations when their source's artifact changes.
    public static func services(_ parts: ControllerProcess.Parts, flags: KustomizeControllerFlags) throws -> [any Service] {
        let controller = Controller(reconciler: try reconciler(parts, flags: flags), api: parts.api, store: parts.store,
                                    events: parts.events, metrics: parts.metrics, settings: parts.settings, logger: parts.logger)
        let sources = KustomizationReconciler.sourceKinds.map { kind in
            SourceArtifactWatcher(api: parts.api, queue: controller.queue, namespace: parts.settings.namespace, logger: parts.logger,
                                  sourceKind: kind)
        }
        return [controller] + sources
    }

    /// The Kustomization reconciler the flags describe (for `run`, `reconcile` and `diff`).
    static func reconciler(_ parts: ControllerProcess.Parts, flags: KustomizeControllerFlags) throws -> KustomizationReconciler {
        guard let client = parts.api as? KubernetesClient else {
            throw ValidationError("the kustomize-controller needs a Kubernetes client that can apply and delete")
        }
        return KustomizationReconciler(client: client, requeueDependency: flags.requeueDependencyDuration,
                                       noCrossNamespaceRefs: flags.noCrossNamespaceRefs, strictSubstitutions: flags.strictSubstitutions,
                                       artifactMaxSize: flags.artifactMaxSize, metrics: parts.metrics,
                                       impersonator: Impersonator(client: client, defaultServiceAccount: flags.defaultServiceAccount,
                                                                  remoteOptions: RemoteClusterClient.Options(allowExec: flags.insecureKubeconfigExec,
                                                                                                           allowInsecureTLS: flags.insecureKubeconfigTLS)),
                                       remoteBases: flags.remoteBases(storePath: parts.store.path),
                                       decryption: flags.decryption(environment: ProcessInfo.processInfo.environment))
    }
}
