import Foundation
import SluiceAPI
import SluiceCore
import SluiceKube

/// Follows the objects `sluice up` created: prints a line whenever one's state changes and decides when all are
/// ready, or which one failed.
struct UpProgress {
    /// Where a poll left things.
    enum State {
        /// Something is still being reconciled.
        case waiting
        /// Every object handled this run's request and is Ready.
        case ready([(FluxKind, KubeObject)])
        /// An object failed for good (in this run); the error names it and says why.
        case failed(CLIError)
    }

    /// The objects to follow.
    var watched: [(FluxKind, String)]
    /// The `reconcile.fluxcd.io/requestedAt` value `sluice up` set: status older than it is from an earlier run.
    var requestToken: String
    private var printed: [String: String] = [:]
    /// Set once everything was Ready: later requests (a webhook, `sluice reconcile`) carry tokens of their own.
    private var settled = false
    private var lastWaiting = "starting"

    /// Follows `watched` in ``UpObjects/namespace``, counting only status that handled `requestToken`.
    init(watched: [(FluxKind, String)], requestToken: String) {
        self.watched = watched
        self.requestToken = requestToken
    }

    /// What is still awaited, for a timeout message.
    var waitingFor: String { lastWaiting }

    /// Reads every object once, prints what changed, and says where things stand.
    mutating func poll(client: KubernetesClient) async throws -> State {
        var objects: [(FluxKind, KubeObject)] = []
        for (kind, name) in watched {
            guard let object = try await client.get(kind.gvk, namespace: UpObjects.namespace, name: name) else {
                return .failed(CLIError("\(kind.gvk.kind) \(UpObjects.namespace)/\(name) disappeared"))
            }
            objects.append((kind, object))
        }
        let source = objects.first { $0.0 == .gitRepository }?.1
        var waiting: [String] = []
        for (kind, object) in objects {
            let ready = ReconcileWaiter.readyCondition(of: object)
            let status = ready?["status"]?.stringValue ?? "Unknown"
            let message = ready?["message"]?.stringValue ?? "waiting to be reconciled"
            let label = "\(kind.gvk.kind) \(UpObjects.namespace)/\(object.name)"
            // As `flux reconcile` decides: this run's request handled, and (for success) the current generation
            // observed; a retried failure does not advance observedGeneration.
            let handled = settled || object["status", "lastHandledReconcileAt"]?.stringValue == requestToken
            let observed = object["status", "observedGeneration"]?.intValue == object.generation
            let state = !handled ? "◎" : status == "True" && observed ? "✔" : status == "False" ? "✗" : "◎"
            let line = "\(state) \(label): \(handled ? message : "waiting for its controller")"
            if printed[label] != line {
                printed[label] = line
                Terminal.err(line)
            }
            guard handled, observed, status == "True" else {
                waiting.append("\(label): \(handled ? message : "not reconciled yet")")
                if handled, status == "False", Self.failedForGood(kind, object, source: source) {
                    return .failed(CLIError("\(label) is not ready: \(message)",
                                            hint: "see sluice events --for \(kind.gvk.kind)/\(object.name) -n \(UpObjects.namespace), and the logs in the data directory"))
                }
                continue
            }
        }
        lastWaiting = waiting.joined(separator: "; ")
        guard waiting.isEmpty else { return .waiting }
        settled = true
        return .ready(objects)
    }

    /// Whether a `Ready=False` is a result rather than a step on the way: a Kustomization waits for its source,
    /// so it has failed only once it tried the source's current revision (or the source has none to give).
    static func failedForGood(_ kind: FluxKind, _ object: KubeObject, source: KubeObject?) -> Bool {
        guard kind == .kustomization else { return true }
        let reason = ReconcileWaiter.readyCondition(of: object)?["reason"]?.stringValue
        if reason == "DependencyNotReady" { return false }
        guard let revision = source?["status", "artifact", "revision"]?.stringValue else { return false }
        return object["status", "lastAttemptedRevision"]?.stringValue == revision
    }
}
