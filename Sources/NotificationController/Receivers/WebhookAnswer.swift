/// What the webhook server answers.
public struct WebhookAnswer: Sendable, Hashable {
    /// The HTTP status.
    public var status: Int
    /// A short text body.
    public var message: String

    /// An answer.
    public init(_ status: Int, _ message: String) {
        self.status = status
        self.message = message
    }

    /// Every status the server may answer: the handler never answers anything else.
    public static let allowedStatuses: Set<Int> = [200, 400, 401, 404, 405, 413, 500, 503]
}
