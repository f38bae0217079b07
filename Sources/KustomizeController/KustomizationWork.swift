import Foundation
import SluiceAPI
import SluiceCore
import Synchronization

/// What one reconcile of a Kustomization hands from step to step.
final class KustomizationWork: Sendable {
    struct State {
        var revision: String?
        var directory: URL?
        var objects: [KubeObject] = []
        var applied: [KubeObject] = []
        var changeSet: [ChangeSetEntry] = []
        var drift: [String] = []
        var digest: String?
        var previousInventory: [ResourceRef] = []
    }

    private let state = Mutex(State())

    /// The source revision the fetch step found.
    var revision: String? {
        get { state.withLock { $0.revision } }
        set { state.withLock { $0.revision = newValue } }
    }

    /// The private work directory the artifact was extracted into; the build step removes it.
    var directory: URL? {
        get { state.withLock { $0.directory } }
        set { state.withLock { $0.directory = newValue } }
    }

    /// The built (then substituted) objects.
    var objects: [KubeObject] {
        get { state.withLock { $0.objects } }
        set { state.withLock { $0.objects = newValue } }
    }

    /// The objects as the server holds them after apply, for health checks.
    var applied: [KubeObject] {
        get { state.withLock { $0.applied } }
        set { state.withLock { $0.applied = newValue } }
    }

    /// What apply and prune did.
    var changeSet: [ChangeSetEntry] {
        get { state.withLock { $0.changeSet } }
        set { state.withLock { $0.changeSet = newValue } }
    }

    /// The drifted fields apply found and corrected, one line each.
    var drift: [String] {
        get { state.withLock { $0.drift } }
        set { state.withLock { $0.drift = newValue } }
    }

    /// The digest of the built manifests, for `status.history`.
    var digest: String? {
        get { state.withLock { $0.digest } }
        set { state.withLock { $0.digest = newValue } }
    }

    /// The inventory before this reconcile's apply, for prune.
    var previousInventory: [ResourceRef] {
        get { state.withLock { $0.previousInventory } }
        set { state.withLock { $0.previousInventory = newValue } }
    }

    deinit {
        if let directory = state.withLock({ $0.directory }) { try? FileManager.default.removeItem(at: directory) }
    }
}
