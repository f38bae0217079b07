import ArgumentParser
import Logging
import SluiceAPI
import SluiceCore
import SluiceKube

/// What the controllers' debugging commands share: one reconcile now, and a Flux-style listing.
public enum DebugCommandSupport {
    /// Reconciles `object` (`NAMESPACE/NAME`) once with the reconciler `make` builds, prints the outcome, and exits 1 unless Ready.
    public static func reconcileOnce<R: Reconciler>(
        _ object: String, controller name: String, cluster: ClusterOptions, log: LogOptions,
        reconciler make: (ControllerProcess.Parts) throws -> R
    ) async throws {
        guard let key = ObjectKey(object) else { throw ValidationError("expected NAMESPACE/NAME, got '\(object)'") }
        log.bootstrap()
        var logger = Logger(label: name)
        logger.logLevel = log.logLevel
        let parts = try ControllerProcess.Parts.open(name: name, cluster: cluster, logger: logger)
        let controller = Controller(reconciler: try make(parts), api: parts.api, store: parts.store, events: parts.events,
                                    metrics: parts.metrics, settings: parts.settings, logger: logger)
        let outcome = await controller.reconcile(key)
        print("\(R.Object.kind) \(key): \(outcome.report)")
        guard outcome.isReady else { throw ExitCode(1) }
    }

    /// The objects of a kind in `scope` as a ``StatusTable``, or a line saying there are none.
    public static func listing<Object: Reconcilable>(
        _ type: Object.Type, controller name: String, cluster: ClusterOptions, scope: ListScopeOptions,
        revision: (Object) -> String?
    ) async throws -> String {
        let api = try KubernetesClient(configuration: cluster.clientConfiguration(), logger: Logger(label: name))
        let rows = try await api.list(Object.gvk, namespace: scope.namespace).items
            .map { try $0.decode(as: Object.self) }
            .sorted { ($0.metadata.namespace ?? "", $0.metadata.name) < ($1.metadata.namespace ?? "", $1.metadata.name) }
            .map { StatusTable.Row($0, revision: revision($0)) }
        guard !rows.isEmpty else {
            return "no \(Object.kind)s found" + (scope.namespace.map { " in namespace \($0)" } ?? "")
        }
        return StatusTable(rows: rows, showNamespace: scope.namespace == nil).render()
    }
}
