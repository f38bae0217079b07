import SluiceCore

/// An object's health by kstatus rules: current, in progress or failed, with why.
public enum HealthStatus: Sendable, Equatable {
    /// Reconciled and healthy.
    case current
    /// Not there yet; the message says what is awaited.
    case inProgress(String)
    /// Failed; the message says why.
    case failed(String)

    /// kstatus's name for the status, as Flux prints it.
    public var name: String {
        switch self {
        case .current: return "Current"
        case .inProgress: return "InProgress"
        case .failed: return "Failed"
        }
    }

    /// The health of `object` as kstatus assesses it.
    ///
    /// Deployments are rolled out when the observed generation is current and
    /// updated, available and ready replicas equal the desired count (failed on
    /// `ProgressDeadlineExceeded`); StatefulSets when ready and updated replicas
    /// match and the revisions agree; DaemonSets when every scheduled pod is
    /// updated and available; Jobs when `Complete` (failed when `Failed`); CRDs
    /// when `Established`; any other object with a `Ready` condition by that
    /// condition (failed when `Stalled`); objects without status are current.
    public static func of(_ object: KubeObject) -> HealthStatus {
        let generation = object.generation ?? 0
        let status = object["status"]
        if object.deletionTimestamp != nil { return .inProgress("being deleted") }
        if let observed = status?["observedGeneration"]?.intValue, observed < generation {
            return .inProgress("observed generation \(observed) is behind \(generation)")
        }
        func int(_ key: String) -> Int64 { status?[key]?.intValue ?? 0 }
        func condition(_ type: String) -> JSONValue? {
            status?["conditions"]?.arrayValue?.first { $0["type"]?.stringValue == type }
        }
        func isTrue(_ type: String) -> Bool { condition(type)?["status"]?.stringValue == "True" }
        let group = object.gvk.group
        switch (group, object.kind) {
        case ("apps", "Deployment"):
            if let progressing = condition("Progressing"), progressing["reason"]?.stringValue == "ProgressDeadlineExceeded" {
                return .failed(progressing["message"]?.stringValue ?? "progress deadline exceeded")
            }
            guard status?["observedGeneration"] != nil else { return .inProgress("deployment has no observed generation yet") }
            let replicas = object["spec", "replicas"]?.intValue ?? 1
            if int("updatedReplicas") < replicas { return .inProgress("updated: \(int("updatedReplicas"))/\(replicas)") }
            if int("replicas") > int("updatedReplicas") { return .inProgress("pending termination: \(int("replicas") - int("updatedReplicas"))") }
            if int("availableReplicas") < replicas { return .inProgress("available: \(int("availableReplicas"))/\(replicas)") }
            if int("readyReplicas") < replicas { return .inProgress("ready: \(int("readyReplicas"))/\(replicas)") }
            return .current
        case ("apps", "StatefulSet"):
            guard status?["observedGeneration"] != nil else { return .inProgress("statefulset has no observed generation yet") }
            let replicas = object["spec", "replicas"]?.intValue ?? 1
            if int("readyReplicas") < replicas { return .inProgress("ready: \(int("readyReplicas"))/\(replicas)") }
            if int("currentReplicas") < replicas, status?["currentRevision"] != status?["updateRevision"] {
                return .inProgress("updated: \(int("updatedReplicas"))/\(replicas)")
            }
            return .current
        case ("apps", "DaemonSet"):
            guard status?["observedGeneration"] != nil else { return .inProgress("daemonset has no observed generation yet") }
            let desired = int("desiredNumberScheduled")
            if int("updatedNumberScheduled") < desired { return .inProgress("updated: \(int("updatedNumberScheduled"))/\(desired)") }
            if int("numberAvailable") < desired { return .inProgress("available: \(int("numberAvailable"))/\(desired)") }
            return .current
        case ("batch", "Job"):
            if isTrue("Failed") { return .failed(condition("Failed")?["message"]?.stringValue ?? "job failed") }
            if isTrue("Complete") { return .current }
            return .inProgress("job not complete")
        case ("apiextensions.k8s.io", "CustomResourceDefinition"):
            return isTrue("Established") ? .current : .inProgress("not established")
        default:
            if isTrue("Stalled") { return .failed(condition("Stalled")?["message"]?.stringValue ?? "stalled") }
            if let ready = condition("Ready") {
                if ready["status"]?.stringValue == "True" { return .current }
                return .inProgress(ready["message"]?.stringValue ?? "not ready")
            }
            return .current
        }
    }
}
