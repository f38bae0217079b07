/// What a successful reconcile asks of the loop.
public enum ReconcileResult: Sendable, Equatable {
    /// Done: reconcile again after `spec.interval` (with jitter).
    case success
    /// Done for now, but come back sooner.
    case requeue(after: Duration)
}
