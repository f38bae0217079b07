import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import SluiceAPI
import SluiceApply
import SluiceCore
import SluiceKube
import SluiceRuntime
import SluiceStore

/// The helm-controller: installs and upgrades HelmReleases from chart artifacts.
public enum HelmController: ControllerDescriptor {
    /// The controller's name, as it reports events.
    public static let name = "helm-controller"

    /// One line for `--help`.
    public static let abstract = "Installs and upgrades HelmReleases from chart artifacts."

    /// The kinds this controller reconciles.
    public static let kinds: [any APIObject.Type] = [HelmRelease.self]

    /// `reconcile`, `get`, and `template` (a chart, as `helm template`, or a HelmRelease as the controller would release it).
    public static var debugCommands: [any ParsableCommand.Type] { [HelmReconcileCommand.self, HelmGetCommand.self, HelmTemplateCommand.self] }

    /// The HelmRelease controller and the chart source watchers (HelmChart, OCIRepository) that queue HelmReleases
    /// when their chart's artifact changes; a dependency that becomes Ready queues its dependents through the
    /// controller's own watch.
    public static func services(_ parts: ControllerProcess.Parts, flags: HelmControllerFlags) throws -> [any Service] {
        let controller = Controller(reconciler: try reconciler(parts, flags: flags), api: parts.api, store: parts.store,
                                    events: parts.events, metrics: parts.metrics, settings: parts.settings, logger: parts.logger)
        let sources = [HelmChart.gvk, OCIRepository.gvk, ExternalArtifact.gvk].map { kind in
            ChartArtifactWatcher(api: parts.api, queue: controller.queue, namespace: parts.settings.namespace, logger: parts.logger,
                                 sourceKind: kind)
        }
        return [controller] + sources
    }

    /// The HelmRelease reconciler the flags describe.
    static func reconciler(_ parts: ControllerProcess.Parts, flags: HelmControllerFlags) throws -> HelmReleaseReconciler {
        guard let client = parts.api as? KubernetesClient else {
            throw ValidationError("the helm-controller needs a Kubernetes client that can apply and delete")
        }
        return HelmReleaseReconciler(client: client, requeueDependency: flags.requeueDependencyDuration,
                                     noCrossNamespaceRefs: flags.noCrossNamespaceRefs, artifactMaxSize: flags.artifactMaxSize,
                                     metrics: parts.metrics,
                                     impersonator: Impersonator(client: client, defaultServiceAccount: flags.defaultServiceAccount,
                                                                remoteOptions: RemoteClusterClient.Options(allowExec: flags.insecureKubeconfigExec,
                                                                                                           allowInsecureTLS: flags.insecureKubeconfigTLS)))
    }
}
