import SluiceAPI
import SluiceCore
import Logging

/// Answers webhook requests: finds the Receiver by path, verifies the request as its type demands, and requests reconciliation.
///
/// Never throws and never answers outside ``WebhookAnswer/allowedStatuses``: unknown path 404, method other than POST 405,
/// bad signature 401, unreadable payload 400, an event the Receiver does not take 200 with nothing done.
public struct ReceiverHandler: Sendable {
    /// The served Receivers.
    public let index: ReceiverIndex
    /// What annotates the resources.
    public let requester: ReconcileRequester
    private let logger: Logger

    /// A handler over `index`.
    public init(index: ReceiverIndex, requester: ReconcileRequester, logger: Logger) {
        self.index = index
        self.requester = requester
        self.logger = logger
    }

    /// The answer to `request`.
    public func handle(_ request: WebhookRequest) async -> WebhookAnswer {
        guard request.path.hasPrefix("/hook/"), let entry = index.entry(path: request.path) else {
            return WebhookAnswer(404, "not found")
        }
        guard request.method == "POST" else { return WebhookAnswer(405, "method not allowed") }
        let receiver = entry.receiver
        let name = "\(receiver.metadata.namespace ?? "")/\(receiver.metadata.name)"
        if receiver.spec.suspend == true { return WebhookAnswer(200, "receiver is suspended") }
        switch WebhookVerifier.verify(request, type: receiver.spec.type, token: entry.token, events: receiver.spec.events ?? []) {
        case .unauthorized(let reason):
            logger.info("webhook refused", metadata: ["receiver": "\(name)", "reason": "\(reason)"])
            return WebhookAnswer(401, "unauthorized")
        case .badRequest(let reason):
            return WebhookAnswer(400, reason)
        case .ignore(let reason):
            return WebhookAnswer(200, reason)
        case .accept(let commit):
            do {
                let count = try await requester.request(receiver, commit: commit, body: request.body)
                return WebhookAnswer(200, "reconciliation requested for \(count) object(s)")
            } catch {
                logger.error("requesting reconciliation failed", metadata: ["receiver": "\(name)", "error": "\(error)"])
                return WebhookAnswer(500, "unable to request reconciliation")
            }
        }
    }
}
