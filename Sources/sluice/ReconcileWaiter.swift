import Foundation
import SluiceAPI
import SluiceCore
import SluiceKube

/// Asks for an immediate reconciliation through `reconcile.fluxcd.io/requestedAt` and waits for its result, as `flux reconcile` does.
struct ReconcileWaiter {
    /// The flags: namespace, timeout, cluster.
    var global: GlobalOptions
    /// The client.
    var client: KubernetesClient

    /// Sets the annotation to now, then polls until `status.lastHandledReconcileAt` equals it and `Ready` is decided.
    ///
    /// - Parameters:
    ///   - alsoSetting: More annotations set to the same token in the same patch, as `flux reconcile hr --force|--reset`
    ///     sets `reconcile.fluxcd.io/forceAt` and `resetAt` (the controller acts on them only when they equal `requestedAt`).
    /// - Returns: The object once Ready.
    /// - Throws: ``CLIError`` with the Ready message when it fails or the timeout passes first.
    @discardableResult
    func reconcile(_ kind: FluxKind, name: String, namespace: String, alsoSetting: [String] = []) async throws -> KubeObject {
        let current = try await global.object(kind, name: name, namespace: namespace, client: client)
        if current["spec", "suspend"]?.boolValue == true {
            throw CLIError("\(kind.gvk.kind) \(namespace)/\(name) is suspended",
                           hint: "resume it first: sluice resume \(kind == .gitRepository ? "source git" : kind.heading) \(name) -n \(namespace)")
        }
        let token = Timestamp.reconcileRequest()
        let annotations = JSONValue.object(JSONObject(([FluxAnnotations.reconcileRequest] + alsoSetting).map { ($0, .string(token)) }))
        Terminal.err("► annotating \(kind.gvk.kind) \(name) in \(namespace) namespace")
        _ = try await global.patch(kind, name: name, namespace: namespace,
                                   patch: .object(JSONObject([("metadata", .object(JSONObject([("annotations", annotations)])))])),
                                   client: client)
        Terminal.err("✔ \(kind.gvk.kind) annotated")
        Terminal.err("◎ waiting for \(kind.gvk.kind) reconciliation")
        let deadline = ContinuousClock.now + global.timeoutDuration
        var lastMessage = "not handled yet"
        while true {
            let object = try await global.object(kind, name: name, namespace: namespace, client: client)
            let ready = Self.readyCondition(of: object)
            lastMessage = ready?["message"]?.stringValue ?? lastMessage
            let handled = object["status", "lastHandledReconcileAt"]?.stringValue == token
            let observed = Self.observedCurrentGeneration(object)
            // As `flux reconcile` decides: once handled, Ready True (for this generation) succeeds and Ready False
            // fails at once, even while the controller retries (Reconciling with ProgressingWithRetry); Unknown waits.
            if handled {
                switch ready?["status"]?.stringValue {
                case "True" where observed:
                    Terminal.endProgress()
                    Terminal.err("✔ \(kind.gvk.kind) \(name) reconciliation completed")
                    if let success = kind.successMessage(for: object) { Terminal.err("✔ \(success)") }
                    return object
                case "False":
                    Terminal.endProgress()
                    throw CLIError("\(kind.gvk.kind) \(namespace)/\(name) is not ready: \(lastMessage)",
                                   hint: "see what happened: sluice events --for \(kind.gvk.kind)/\(name) -n \(namespace)")
                default: break
                }
            }
            if ContinuousClock.now >= deadline {
                Terminal.endProgress()
                throw CLIError("timed out after \(global.timeout) waiting for \(kind.gvk.kind) \(namespace)/\(name): \(lastMessage)",
                               hint: handled ? "raise --timeout, or see: sluice events --for \(kind.gvk.kind)/\(name) -n \(namespace)"
                                             : "is its controller running against this cluster? The request was not handled.")
            }
            Terminal.progress("◎ waiting for \(kind.gvk.kind) \(name): \(lastMessage)")
            try await Task.sleep(for: .milliseconds(250))
        }
    }

    /// The object's `Ready` condition as JSON.
    static func readyCondition(of object: KubeObject) -> JSONObject? {
        (object["status", "conditions"]?.arrayValue ?? [])
            .compactMap(\.objectValue)
            .first { $0["type"]?.stringValue == ConditionType.ready }
    }

    /// Whether the controller has observed the object's current generation: `status.observedGeneration`, or, for kinds
    /// whose status has none (ArtifactGenerator), the Ready condition's `observedGeneration`, as kstatus reads it.
    static func observedCurrentGeneration(_ object: KubeObject) -> Bool {
        let observed = object["status", "observedGeneration"]?.intValue ?? readyCondition(of: object)?["observedGeneration"]?.intValue
        return observed == object.generation
    }
}
