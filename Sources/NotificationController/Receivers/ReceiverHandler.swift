import SluiceAPI
import SluiceCore
import SluiceKube
import Logging

/// Answers webhook requests: finds the Receiver by path, checks it is still served as it was, verifies the request as its
/// type demands, and requests reconciliation.
///
/// The index says which paths were served when the Receivers were last reconciled; every request to one is checked against
/// the Receiver and its Secret as the API has them now, so a Receiver deleted, suspended or whose token Secret was deleted
/// or changed stops being served at once, not at its next reconcile (Flux reads both from its cache on every request too).
///
/// Never throws and never answers outside ``WebhookAnswer/allowedStatuses``: unknown path, or a Receiver or token gone,
/// 404; method other than POST 405; a suspended or not ready Receiver 503 (as Flux); bad signature 401; unreadable payload
/// 400; an event the Receiver does not take 200 with nothing done; the API failing, or a resource refused by
/// `--no-cross-namespace-refs`, 500.
public struct ReceiverHandler: Sendable {
    /// The served Receivers.
    public let index: ReceiverIndex
    /// What annotates the resources, and reads the Receivers and Secrets back.
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
        let namespace = entry.receiver.metadata.namespace ?? "default"
        let name = "\(namespace)/\(entry.receiver.metadata.name)"
        let receiver: Receiver
        let token: String
        do {
            guard let current = try await currentlyServed(entry, namespace: namespace) else {
                index.remove(namespace: namespace, name: entry.receiver.metadata.name)
                logger.info("webhook path no longer served", metadata: ["receiver": "\(name)"])
                return WebhookAnswer(404, "not found")
            }
            (receiver, token) = current
        } catch {
            logger.error("reading the receiver failed", metadata: ["receiver": "\(name)", "error": "\(error)"])
            return WebhookAnswer(500, "unable to read the receiver")
        }
        if receiver.spec.suspend == true {
            logger.error("unable to process request: receiver is suspended", metadata: ["receiver": "\(name)"])
            return WebhookAnswer(503, "receiver is suspended")
        }
        guard receiver.conditions.first(where: { $0.type == ConditionType.ready })?.status == .true else {
            logger.error("unable to process request: receiver is not ready", metadata: ["receiver": "\(name)"])
            return WebhookAnswer(503, "receiver is not ready")
        }
        switch WebhookVerifier.verify(request, type: receiver.spec.type, token: token, events: receiver.spec.events ?? []) {
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
            } catch let refusal as CrossNamespaceRefusal {
                return WebhookAnswer(500, refusal.description)
            } catch {
                logger.error("requesting reconciliation failed", metadata: ["receiver": "\(name)", "error": "\(error)"])
                return WebhookAnswer(500, "unable to request reconciliation")
            }
        }
    }

    /// The Receiver behind `entry` and its token as the API has them now; `nil` when the Receiver is gone or being deleted,
    /// its Secret or token is gone, or the token changed (the path is derived from it, so the old path is no longer served).
    private func currentlyServed(_ entry: ReceiverIndex.Entry, namespace: String) async throws -> (Receiver, String)? {
        guard let raw = try await requester.api.get(Receiver.gvk, namespace: namespace, name: entry.receiver.metadata.name),
            raw.deletionTimestamp == nil
        else { return nil }
        let receiver = try raw.decode(as: Receiver.self)
        guard let secretName = receiver.spec.secretRef?.name,
            let secret = try await requester.api.get(SecretValues.gvk, namespace: namespace, name: secretName),
            let token = SecretValues(secret)["token"],
            ConstantTime.equal(WebhookPath.make(token: token, name: receiver.metadata.name, namespace: namespace), entry.path)
        else { return nil }
        return (receiver, token)
    }
}
