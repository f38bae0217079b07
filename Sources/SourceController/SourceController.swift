import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import SluiceAPI
import SluiceGit
import SluiceKube
import SluiceRuntime
import SluiceStore

/// The source-controller: reconciles GitRepository, HelmRepository, HelmChart and OCIRepository into artifacts in the shared store,
/// and ArtifactGenerators into ExternalArtifacts.
public enum SourceController: ControllerDescriptor {
    /// The controller's name, as it reports events.
    public static let name = "source-controller"

    /// One line for `--help`.
    public static let abstract = "Reconciles GitRepository, HelmRepository, HelmChart, OCIRepository and ArtifactGenerator into artifacts in the shared store."

    /// The kinds this controller reconciles.
    public static let kinds: [any APIObject.Type] = [GitRepository.self, HelmRepository.self, HelmChart.self, OCIRepository.self, ArtifactGenerator.self]

    /// `reconcile`, `get` and `artifact export`.
    public static var debugCommands: [any ParsableCommand.Type] {
        [SourceReconcileCommand.self, SourceGetCommand.self, ArtifactCommand.self]
    }

    /// The GitRepository, HelmRepository and HelmChart controllers and the artifact server.
    public static func services(_ parts: ControllerProcess.Parts, flags: SourceControllerFlags) throws -> [any Service] {
        let urlBase = ArtifactURLBase(address: flags.advertisedStorageAddress)
        let advertised = flags.storageAdvertisedAddress != nil
        let server = ArtifactServer(address: flags.storageAddress, store: parts.store, logger: parts.logger) { port in
            let address = ListenAddress(host: flags.storageAddress.host, port: port)
            if !advertised { urlBase.set(address: address.description) }
            parts.logger.info("serving artifacts", metadata: ["address": "\(address)"])
        }
        let controller = Controller(reconciler: gitRepositoryReconciler(parts, flags: flags, artifactBaseURL: { urlBase.current }),
                                    api: parts.api, store: parts.store, events: parts.events, metrics: parts.metrics,
                                    settings: parts.settings, logger: parts.logger)
        let helmRepositories = Controller(reconciler: helmRepositoryReconciler(flags: flags, artifactBaseURL: { urlBase.current }),
                                          api: parts.api, store: parts.store, events: parts.events, metrics: parts.metrics,
                                          settings: parts.settings, logger: parts.logger)
        let helmCharts = Controller(reconciler: helmChartReconciler(flags: flags, artifactBaseURL: { urlBase.current }),
                                    api: parts.api, store: parts.store, events: parts.events, metrics: parts.metrics,
                                    settings: parts.settings, logger: parts.logger)
        let chartSources = HelmChartSourceWatcher(api: parts.api, queue: helmCharts.queue, namespace: parts.settings.namespace, logger: parts.logger)
        let oci = Controller(reconciler: ociRepositoryReconciler(flags: flags, artifactBaseURL: { urlBase.current }),
                             api: parts.api, store: parts.store, events: parts.events, metrics: parts.metrics,
                             settings: parts.settings, logger: parts.logger)
        let generators = Controller(reconciler: try artifactGeneratorReconciler(parts, flags: flags, artifactBaseURL: { urlBase.current }),
                                    api: parts.api, store: parts.store, events: parts.events, metrics: parts.metrics,
                                    settings: parts.settings, logger: parts.logger)
        let generatorSources = ArtifactGeneratorSourceWatcher(api: parts.api, queue: generators.queue, namespace: parts.settings.namespace,
                                                              logger: parts.logger)
        return [server, controller, helmRepositories, helmCharts, chartSources, oci, generators, generatorSources]
    }

    /// The ArtifactGenerator reconciler the flags describe (for `run` and `reconcile`).
    static func artifactGeneratorReconciler(_ parts: ControllerProcess.Parts, flags: SourceControllerFlags,
                                            artifactBaseURL: @escaping @Sendable () -> String) throws -> ArtifactGeneratorReconciler
    {
        guard let client = parts.api as? KubernetesClient else {
            throw ValidationError("the source-controller needs a Kubernetes client that can apply and delete ExternalArtifacts")
        }
        return ArtifactGeneratorReconciler(client: client, artifactMaxSize: flags.artifactMaxSize, artifactBaseURL: artifactBaseURL,
                                           noCrossNamespaceRefs: flags.noCrossNamespaceRefs)
    }

    /// The OCIRepository reconciler the flags describe (for `run` and `reconcile`).
    static func ociRepositoryReconciler(flags: SourceControllerFlags, artifactBaseURL: @escaping @Sendable () -> String) -> OCIRepositoryReconciler {
        OCIRepositoryReconciler(artifactMaxSize: flags.artifactMaxSize, artifactBaseURL: artifactBaseURL)
    }

    /// The GitRepository reconciler the flags describe (for `run` and `reconcile`).
    static func gitRepositoryReconciler(_ parts: ControllerProcess.Parts, flags: SourceControllerFlags,
                                        artifactBaseURL: @escaping @Sendable () -> String) -> GitRepositoryReconciler
    {
        let git = LibGit2Client(cacheDirectory: flags.gitCacheDirectory(storePath: parts.store.path), logger: parts.logger)
        return GitRepositoryReconciler(git: git, artifactMaxSize: flags.artifactMaxSize, artifactBaseURL: artifactBaseURL,
                                       allowLocalGitURLs: flags.allowLocalGitURLs)
    }
}
