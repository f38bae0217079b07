import SluiceAPI
import SluiceCore

/// The part of a controller that is specific to one kind: its steps, its Ready message and its clean-up.
///
/// The ``Controller`` does everything around it: fetching the object,
/// finalizers, suspension, `reconcile.fluxcd.io/requestedAt`, deriving
/// `Ready`, patching status once, events, metrics and requeueing.
public protocol Reconciler: Sendable {
    /// The kind reconciled.
    associatedtype Object: Reconcilable

    /// The finalizer that guards clean-up (Flux: `finalizers.fluxcd.io`).
    var finalizer: String { get }

    /// How `Ready` is derived from this kind's conditions.
    var summary: ReadySummary { get }

    /// The ordered steps of one reconcile.
    func steps(for object: Object) -> [ReconcileStep<Object>]

    /// The `Ready=True` reason and message after a successful reconcile.
    func readyMessage(for object: Object) -> (reason: String, message: String)

    /// Cleans up after the object when it is deleted (artifacts, applied objects).
    func finalize(_ object: Object, context: ReconcileContext) async throws

    /// Other objects of this kind to reconcile when `changed` changes, its status included (Flux's index watches).
    ///
    /// - Parameters:
    ///   - changed: The object as it is now.
    ///   - previous: The object as last seen, `nil` when new.
    ///   - objects: Every object of the kind last seen.
    func dependents(of changed: KubeObject, previous: KubeObject?, among objects: [KubeObject]) -> [ObjectKey]

    /// When to try again after a failed reconcile: a fixed delay (Flux's kustomize- and helm-controller use
    /// `spec.retryInterval`, else `spec.interval`), or `nil` for the work queue's exponential back-off (as Flux's
    /// source-controller).
    func retryInterval(for object: Object) -> Duration?

    /// The metadata of a failure event about `object`, keyed without a group (`revision`: what the reconcile attempted,
    /// so a commit status marks that commit failed); the recorder prefixes the keys with the kind's group.
    func failureEventMetadata(for object: Object) -> [String: String]

    /// The metadata of the `Reconciliation finished in …, next run in …` event recorded after every reconcile that
    /// leaves `object` Ready (Flux's kustomize-controller records it, with `commit_status: update`), or `nil` for
    /// kinds that record no such event.
    func finishedEventMetadata(for object: Object) -> [String: String]?
}

extension Reconciler {
    /// Flux's finalizer.
    public var finalizer: String { "finalizers.fluxcd.io" }
    /// No negative-polarity conditions.
    public var summary: ReadySummary { ReadySummary() }
    /// Nothing to clean up.
    public func finalize(_ object: Object, context: ReconcileContext) async throws {}
    /// No dependents.
    public func dependents(of changed: KubeObject, previous: KubeObject?, among objects: [KubeObject]) -> [ObjectKey] { [] }
    /// Exponential back-off.
    public func retryInterval(for object: Object) -> Duration? { nil }
    /// No metadata.
    public func failureEventMetadata(for object: Object) -> [String: String] { [:] }
    /// No finished event.
    public func finishedEventMetadata(for object: Object) -> [String: String]? { nil }
}
