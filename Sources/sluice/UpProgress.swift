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

    /// The namespace of the objects to follow.
    var namespace: String
    /// The objects to follow.
    var watched: [(FluxKind, String)]
    /// The `reconcile.fluxcd.io/requestedAt` value `sluice up` set: status older than it is from an earlier run.
    var requestToken: String
    private var printed: [String: String] = [:]
    /// Set once everything was Ready: later requests (a webhook, `sluice reconcile`) carry tokens of their own.
    private var settled = false
    private var lastWaiting = "starting"

    /// Follows `watched` in `namespace`, counting only status that handled `requestToken`.
    init(namespace: String, watched: [(FluxKind, String)], requestToken: String) {
        self.namespace = namespace
        self.watched = watched
        self.requestToken = requestToken
    }

    /// What is still awaited, for a timeout message.
    var waitingFor: String { lastWaiting }

    /// Reads every object once, prints what changed, and says where things stand.
    ///
    /// Once the watched objects are Ready, the Flux objects their Kustomizations applied (a repository's
    /// `clusters/NAME/apps.yaml` Kustomizations, their HelmReleases and sources, at any depth) are followed too: with
    /// Flux's `gotk-sync.yaml` the flux-system Kustomization does not wait for them, yet "all Ready" means them as well.
    mutating func poll(client: KubernetesClient) async throws -> State {
        var objects: [(FluxKind, KubeObject)] = []
        for (kind, name) in watched {
            guard let object = try await client.get(kind.gvk, namespace: namespace, name: name) else {
                return .failed(CLIError("\(kind.gvk.kind) \(namespace)/\(name) disappeared"))
            }
            objects.append((kind, object))
        }
        let source = objects.first { $0.0 == .gitRepository }?.1
        var waiting: [String] = []
        for (kind, object) in objects {
            // As `flux reconcile` decides: this run's request handled.
            let handled = settled || object["status", "lastHandledReconcileAt"]?.stringValue == requestToken
            if let failure = judge(kind, object, handled: handled, source: source, waiting: &waiting) { return .failed(failure) }
        }
        if waiting.isEmpty {
            let applied = try await appliedFluxObjects(of: objects, client: client)
            for (kind, object) in applied {
                let source = kind == .kustomization ? try await Self.source(of: object, client: client) : nil
                if let failure = judge(kind, object, handled: true, source: source, waiting: &waiting) { return .failed(failure) }
            }
            objects += applied
        }
        lastWaiting = waiting.joined(separator: "; ")
        guard waiting.isEmpty else { return .waiting }
        settled = true
        return .ready(objects)
    }

    /// Prints `object`'s state when it changed; appends it to `waiting` unless it is Ready at its generation; returns
    /// the error when it failed for good.
    private mutating func judge(_ kind: FluxKind, _ object: KubeObject, handled: Bool, source: KubeObject?,
                                waiting: inout [String]) -> CLIError?
    {
        let ready = ReconcileWaiter.readyCondition(of: object)
        let status = ready?["status"]?.stringValue ?? "Unknown"
        let message = ready?["message"]?.stringValue ?? "waiting to be reconciled"
        let label = "\(kind.gvk.kind) \(object.namespace ?? namespace)/\(object.name)"
        // For success the current generation observed; a retried failure does not advance observedGeneration.
        let observed = ReconcileWaiter.observedCurrentGeneration(object)
        let state = !handled ? "◎" : status == "True" && observed ? "✔" : status == "False" ? "✗" : "◎"
        let line = "\(state) \(label): \(handled ? message : "waiting for its controller")"
        if printed[label] != line {
            printed[label] = line
            Terminal.err(line)
        }
        guard handled, observed, status == "True" else {
            waiting.append("\(label): \(handled ? message : "not reconciled yet")")
            if handled, status == "False", Self.failedForGood(kind, object, source: source) {
                return CLIError("\(label) is not ready: \(message)",
                                hint: "see sluice events --for \(kind.gvk.kind)/\(object.name) -n \(object.namespace ?? namespace), and the logs in the data directory")
            }
            return nil
        }
        return nil
    }

    /// The Flux objects (other than the watched ones) in the inventories of the watched Kustomizations, and in theirs,
    /// each once, in inventory order; those not created yet are left for a later poll.
    private func appliedFluxObjects(of watchedObjects: [(FluxKind, KubeObject)], client: KubernetesClient) async throws
        -> [(FluxKind, KubeObject)]
    {
        var seen = Set(watchedObjects.map { "\($0.0.gvk.kind)/\($0.1.namespace ?? "")/\($0.1.name)" })
        var pending = watchedObjects.filter { $0.0 == .kustomization }.map(\.1)
        var found: [(FluxKind, KubeObject)] = []
        while !pending.isEmpty {
            let kustomization = pending.removeFirst()
            for entry in TreeCommand.inventory(of: kustomization) {
                guard let kind = FluxKind.allCases.first(where: { $0.isReconcilable && $0.gvk.kind == entry.kind && $0.gvk.group == entry.group }),
                      seen.insert("\(entry.kind)/\(entry.namespace)/\(entry.name)").inserted,
                      let object = try await client.get(kind.gvk, namespace: entry.namespace, name: entry.name)
                else { continue }
                found.append((kind, object))
                if kind == .kustomization { pending.append(object) }
            }
        }
        return found
    }

    /// The source a Kustomization names, when it is a GitRepository or an OCIRepository that exists.
    private static func source(of kustomization: KubeObject, client: KubernetesClient) async throws -> KubeObject? {
        guard let reference = kustomization["spec", "sourceRef"], let name = reference["name"]?.stringValue,
              let kind = [FluxKind.gitRepository, .ociRepository].first(where: { $0.gvk.kind == reference["kind"]?.stringValue })
        else { return nil }
        let namespace = reference["namespace"]?.stringValue ?? kustomization.namespace ?? ""
        return try await client.get(kind.gvk, namespace: namespace, name: name)
    }

    /// Whether a `Ready=False` is a result rather than a step on the way: a stalled object has failed (its controller
    /// will not retry until it changes, as kstatus counts it; for example a Kustomization with a field Sluice does not
    /// support yet, where waiting out `--timeout` would only delay the message); a Kustomization waits for its source,
    /// so it has failed only once it tried the source's current revision (or the source has none to give); a
    /// HelmRelease retries and remediates, so it has failed only once it stalled.
    static func failedForGood(_ kind: FluxKind, _ object: KubeObject, source: KubeObject?) -> Bool {
        let conditions = object["status", "conditions"]?.arrayValue ?? []
        if conditions.contains(where: { $0["type"]?.stringValue == "Stalled" && $0["status"]?.stringValue == "True" }) { return true }
        if kind == .helmRelease { return false }
        guard kind == .kustomization else { return true }
        let reason = ReconcileWaiter.readyCondition(of: object)?["reason"]?.stringValue
        if reason == "DependencyNotReady" { return false }
        guard let revision = source?["status", "artifact", "revision"]?.stringValue else { return false }
        return object["status", "lastAttemptedRevision"]?.stringValue == revision
    }
}
