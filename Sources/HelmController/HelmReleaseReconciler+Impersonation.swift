import SluiceAPI
import SluiceApply
import SluiceCore
import SluiceKube
import SluiceRuntime

extension HelmReleaseReconciler {
    /// This reconciler acting through the client of `object`'s releases (Flux's impersonating REST client getter):
    /// ``Impersonator/client(namespace:serviceAccountName:kubeConfig:)`` for its `serviceAccountName` (or
    /// `--default-service-account`) and `kubeConfig`, so that Helm's storage Secrets, every action (install, upgrade,
    /// rollback, uninstall, test, hooks, CRDs, waits), `lookup` and drift detection read and write as the tenant.
    /// A missing account or an unusable kubeConfig fails the reconcile (retried: the platform may create it later).
    func releasing(_ object: HelmRelease) async throws -> HelmReleaseReconciler {
        let cluster: KubernetesClient
        do {
            cluster = try await impersonator.client(namespace: object.metadata.namespace ?? "default",
                                                    serviceAccountName: object.spec.serviceAccountName, kubeConfig: object.spec.kubeConfig)
        } catch let error as ReconcileError {
            throw error
        } catch {
            throw ReconcileError.generic(reason: ConditionReason.reconciliationFailed, message: "\(error)")
        }
        return acting(through: cluster)
    }

    /// This reconciler with `cluster` as its client (and storage, when it is Helm's Secrets driver).
    func acting(through cluster: KubernetesClient) -> HelmReleaseReconciler {
        var copy = self
        copy.client = cluster
        if storageFollowsClient {
            copy.storage = { namespace in SecretReleaseStorage(client: cluster, namespace: namespace) }
        }
        return copy
    }
}
