import SluiceAPI

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
}

extension Reconciler {
    /// Flux's finalizer.
    public var finalizer: String { "finalizers.fluxcd.io" }
    /// No negative-polarity conditions.
    public var summary: ReadySummary { ReadySummary() }
    /// Nothing to clean up.
    public func finalize(_ object: Object, context: ReconcileContext) async throws {}
}
