/// The outcome of verifying a webhook request against its Receiver.
public enum WebhookVerdict: Sendable, Hashable {
    /// Verified: request reconciliation; `commit` identifies the pushed revision when the payload names one.
    case accept(commit: String?)
    /// Verified, but nothing to do (a ping, or an event type the Receiver does not take): 200.
    case ignore(String)
    /// Wrong or missing signature or token: 401.
    case unauthorized(String)
    /// A payload that cannot be read: 400.
    case badRequest(String)
}
