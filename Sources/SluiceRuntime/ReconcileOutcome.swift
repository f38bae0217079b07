import SluiceAPI

/// What one pass of the controller over an object did.
public enum ReconcileOutcome: Sendable, Equatable {
    /// The object does not exist (any more).
    case notFound
    /// The object is suspended; nothing was done.
    case suspended
    /// The object was being deleted and its clean-up ran.
    case finalized
    /// The object could not be read as its kind.
    case undecodable(String)
    /// The steps ran; `result` is how they ended and `conditions` the status written.
    case reconciled(result: Result<ReconcileResult, ReconcileError>, conditions: [Condition])

    /// Whether the object ended `Ready=True`.
    public var isReady: Bool {
        if case .reconciled(_, let conditions) = self {
            return conditions.first { $0.type == ConditionType.ready }?.status == .true
        }
        return false
    }
}
