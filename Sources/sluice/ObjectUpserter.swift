import Foundation
import SluiceAPI
import SluiceCore
import SluiceKube

/// Creates or updates what `sluice create` makes, by server-side apply, and waits for it to be Ready, printing
/// flux's progress lines on stderr.
struct ObjectUpserter {
    /// The flags: timeout and cluster.
    var global: GlobalOptions
    /// The client.
    var client: KubernetesClient

    /// The field manager `sluice create` applies as.
    static let fieldManager = "sluice-create"

    /// Applies `object` (forcing conflicts, as `flux create` replaces the spec) and reports whether it was created.
    ///
    /// - Returns: The object as stored and whether it did not exist before.
    @discardableResult
    func apply(_ object: JSONValue) async throws -> (object: KubeObject, created: Bool) {
        let desired = KubeObject(object.objectValue ?? JSONObject())
        let where_ = "\(desired.kind) \(desired.namespace ?? "")/\(desired.name)"
        do {
            let existing = try await client.get(desired.gvk, namespace: desired.namespace, name: desired.name)
            let stored = try await client.apply(desired, fieldManager: Self.fieldManager, force: true)
            return (stored, existing == nil)
        } catch let error as KubernetesError {
            throw CLIError("cannot apply \(where_): \(error)",
                           hint: "is the cluster up and are the Flux CRDs installed? (sluice cluster serve; kubectl apply -k Config/crd)")
        } catch {
            throw global.unreachable(error, client: client)
        }
    }

    /// Creates or updates a Secret, never printing its values.
    func applySecret(_ secret: JSONValue) async throws {
        try await apply(secret)
    }

    /// Polls until the object's `Ready` condition is `True` for its current generation, as `flux create` waits.
    ///
    /// - Parameter static: For kinds without a reconciler status (Alert, Provider in v1beta3): ready when no
    ///   `Ready` condition exists.
    /// - Throws: ``CLIError`` with the Ready message when it turns `False`, or when `--timeout` passes first.
    @discardableResult
    func waitForReady(_ gvk: GroupVersionKind, name: String, namespace: String, static isStatic: Bool = false) async throws -> KubeObject {
        let deadline = ContinuousClock.now + global.timeoutDuration
        var lastMessage = "no Ready condition yet"
        while true {
            let found: KubeObject?
            do {
                found = try await client.get(gvk, namespace: namespace, name: name)
            } catch {
                throw global.unreachable(error, client: client)
            }
            guard let object = found else {
                throw CLIError("\(gvk.kind) \(namespace)/\(name) disappeared while waiting for it to be ready")
            }
            let ready = ReconcileWaiter.readyCondition(of: object)
            let observed = object["status", "observedGeneration"]?.intValue
            if isStatic && ready == nil { return object }
            if observed == nil || observed == object.generation, let ready {
                lastMessage = ready["message"]?.stringValue ?? lastMessage
                switch ready["status"]?.stringValue {
                case "True":
                    Terminal.endProgress()
                    return object
                case "False" where ready["reason"]?.stringValue != "ProgressingWithRetry" && observed != nil:
                    Terminal.endProgress()
                    throw CLIError("\(gvk.kind) \(namespace)/\(name) is not ready: \(lastMessage)",
                                   hint: "see what happened: sluice events --for \(gvk.kind)/\(name) -n \(namespace)")
                default: break
                }
            }
            if ContinuousClock.now >= deadline {
                Terminal.endProgress()
                throw CLIError("timed out after \(global.timeout) waiting for \(gvk.kind) \(namespace)/\(name) to be ready: \(lastMessage)",
                               hint: "is its controller running against this cluster? Raise --timeout, or see: sluice events --for \(gvk.kind)/\(name) -n \(namespace)")
            }
            Terminal.progress("◎ waiting for \(gvk.kind) \(name): \(lastMessage)")
            try await Task.sleep(for: .milliseconds(250))
        }
    }
}
