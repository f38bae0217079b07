import SluiceAPI

/// Derives the `Ready` condition from the others, in one place, as Flux's summarize helper does.
///
/// `Stalled` wins; then the first negative-polarity condition that is `True`
/// (such as `FetchFailed`); then a failure of the reconcile itself; then
/// `Reconciling`; otherwise `Ready=True` with the success message.
public struct ReadySummary: Sendable {
    /// Condition types whose `True` status means something is wrong, most important first.
    public var negativePolarity: [String]

    /// A summary that knows these negative-polarity condition types.
    public init(negativePolarity: [String] = []) { self.negativePolarity = negativePolarity }

    /// Sets `Ready` (and clears or sets `Reconciling` and `Stalled`) from the outcome of a reconcile.
    public func summarize(_ conditions: inout Conditions, outcome: Result<ReconcileResult, ReconcileError>, successReason: String, successMessage: String) {
        switch outcome {
        case .success:
            conditions.delete(ConditionType.reconciling)
            conditions.delete(ConditionType.stalled)
        case .failure(.stalling(let reason, let message)):
            conditions.delete(ConditionType.reconciling)
            conditions.markStalled(reason: reason, message: message)
        case .failure(let error):
            conditions.delete(ConditionType.stalled)
            conditions.markReconciling(reason: ConditionReason.progressingWithRetry, message: error.message)
        }
        if let stalled = conditions.get(ConditionType.stalled), stalled.status == .true {
            conditions.markFalse(ConditionType.ready, reason: stalled.reason, message: stalled.message)
        } else if let negative = Self.firstTrue(of: negativePolarity, in: conditions) {
            conditions.markFalse(ConditionType.ready, reason: negative.reason, message: negative.message)
        } else if case .failure(let error) = outcome {
            conditions.markFalse(ConditionType.ready, reason: error.reason, message: error.message)
        } else if let reconciling = conditions.get(ConditionType.reconciling), reconciling.status == .true {
            conditions.markUnknown(ConditionType.ready, reason: reconciling.reason, message: reconciling.message)
        } else {
            conditions.markTrue(ConditionType.ready, reason: successReason, message: successMessage)
        }
    }

    static func firstTrue(of types: [String], in conditions: Conditions) -> Condition? {
        types.lazy.compactMap { conditions.get($0) }.first { $0.status == .true }
    }
}
