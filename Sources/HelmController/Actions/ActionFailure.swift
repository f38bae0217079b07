import SluiceApply

/// A step of a Helm action failed: Helm's words for it. The runner turns it into a ``HelmActionError`` once the
/// revision it leaves is recorded.
struct ActionFailure: Error, CustomStringConvertible {
    /// What went wrong.
    var message: String

    init(_ message: String) { self.message = message }

    var description: String { message }

    /// `error` in words fit for a release's description and a condition: Helm's message for a failure this module
    /// made, the server's own words for an API failure, `context canceled` for a cancellation.
    static func text(_ error: any Error) -> String {
        switch error {
        case let failure as ActionFailure: return failure.message
        case let failure as HelmActionError: return failure.message
        case is CancellationError: return "context canceled"
        default: return ResourceApplier.serverMessage(error)
        }
    }
}
