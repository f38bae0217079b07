import SluiceKube
import SluiceAPI
import SluiceCore
import SluiceRuntime

/// Reconciles a Receiver: reads its token, writes `status.webhookPath` and serves the path; `Ready` once served.
public struct ReceiverReconciler: Reconciler {
    /// The receiver types the webhook server verifies.
    public static let supportedTypes: Set<String> = ["generic", "generic-hmac", "github", "gitlab", "bitbucket", "harbor", "dockerhub", "quay"]

    /// Where served Receivers go.
    public let index: ReceiverIndex

    /// A reconciler filling `index`.
    public init(index: ReceiverIndex) { self.index = index }

    public func steps(for object: Receiver) -> [ReconcileStep<Receiver>] {
        [ReconcileStep("webhook") { receiver, _, context in
            let namespace = receiver.metadata.namespace ?? "default"
            guard Self.supportedTypes.contains(receiver.spec.type) else {
                index.remove(namespace: namespace, name: receiver.metadata.name)
                throw ReconcileError.stalling(reason: "UnsupportedType", message: "receiver type '\(receiver.spec.type)' is not supported")
            }
            guard let secretName = receiver.spec.secretRef?.name else {
                index.remove(namespace: namespace, name: receiver.metadata.name)
                throw ReconcileError.stalling(reason: "TokenNotFound", message: "spec.secretRef is required for type '\(receiver.spec.type)'")
            }
            guard let secret = try await context.api.get(SecretValues.gvk, namespace: namespace, name: secretName) else {
                index.remove(namespace: namespace, name: receiver.metadata.name)
                throw ReconcileError.generic(reason: "TokenNotFound", message: "unable to read token from secret '\(namespace)/\(secretName)': not found")
            }
            guard let token = SecretValues(secret)["token"] else {
                index.remove(namespace: namespace, name: receiver.metadata.name)
                throw ReconcileError.generic(reason: "TokenNotFound", message: "invalid '\(namespace)/\(secretName)' secret data: required field 'token'")
            }
            let path = WebhookPath.make(token: token, name: receiver.metadata.name, namespace: namespace)
            var status = receiver.status ?? ReceiverStatus()
            status.webhookPath = path
            receiver.status = status
            index.serve(receiver, token: token, path: path)
            return .success
        }]
    }

    public func readyMessage(for object: Receiver) -> (reason: String, message: String) {
        (ConditionReason.succeeded, "Receiver initialized for path: \(object.status?.webhookPath ?? "")")
    }

    public func finalize(_ object: Receiver, context: ReconcileContext) async throws {
        index.remove(namespace: object.metadata.namespace ?? "default", name: object.metadata.name)
    }
}
