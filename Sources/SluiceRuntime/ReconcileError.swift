/// How a reconcile step failed, which decides whether and when the loop retries.
public enum ReconcileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Nothing will change until the object's spec does: no retry (`Stalled=True`).
    case stalling(reason: String, message: String)
    /// Waiting on something outside this object (a dependency, a source): retry after the given delay, without back-off.
    case waiting(reason: String, message: String, retryAfter: Duration)
    /// A failure that may pass: retry with exponential back-off.
    case generic(reason: String, message: String)

    /// The condition reason.
    public var reason: String {
        switch self {
        case .stalling(let reason, _), .waiting(let reason, _, _), .generic(let reason, _): return reason
        }
    }

    /// The human-readable message.
    public var message: String {
        switch self {
        case .stalling(_, let message), .waiting(_, let message, _), .generic(_, let message): return message
        }
    }

    public var description: String { "\(reason): \(message)" }
}
