import Foundation
import SluiceAPI
import SluiceCore
import SluiceKube
import Synchronization
import SluiceApply

/// What one reconcile of a Kustomization hands from step to step; each field reads and writes under one lock.
@dynamicMemberLookup
final class KustomizationWork: Sendable {
    /// The fields, reached as `work.revision`, `work.objects`, …
    struct State {
        /// The source revision the fetch step found.
        var revision: String?
        /// The source artifact's origin revision (its `org.opencontainers.image.revision` metadata), when it has one.
        var originRevision: String?
        /// The private work directory the artifact was extracted into; the build step removes it.
        var directory: URL?
        /// The built (then substituted) objects.
        var objects: [KubeObject] = []
        /// The objects as the server holds them after apply, for health checks.
        var applied: [KubeObject] = []
        /// What apply and prune did.
        var changeSet: [ChangeSetEntry] = []
        /// The drifted fields apply found and corrected, one line each.
        var drift: [String] = []
        /// The digest of the built manifests, for `status.history`.
        var digest: String?
        /// The client the apply went through (impersonating the tenant's account, or a remote cluster's), for prune
        /// and health checks; nil before the apply step.
        var cluster: KubernetesClient?
        /// The inventory before this reconcile's apply, for prune.
        var previousInventory: [ResourceRef] = []
        /// The secret values the build and the substitution handled, kept out of every message.
        var redactor = SecretRedactor()
    }

    private let state = Mutex(State())

    /// One field of ``State``.
    subscript<Value: Sendable>(dynamicMember field: WritableKeyPath<State, Value> & Sendable) -> Value {
        get { state.withLock { $0[keyPath: field] } }
        set { state.withLock { $0[keyPath: field] = newValue } }
    }

    deinit {
        if let directory = state.withLock({ $0.directory }) { try? FileManager.default.removeItem(at: directory) }
    }
}
