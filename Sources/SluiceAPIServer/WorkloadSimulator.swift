import SluiceCore

/// The status a healthy (or, on request, failing) cluster reports for workloads.
///
/// There is no kubelet: nothing runs. After `--simulate-delay` the server
/// writes the status controllers would, so that `kubectl wait` and health
/// checks behave as against a real cluster. The annotation
/// `sluice.dev/simulate: fail` makes an object report failure instead.
enum WorkloadSimulator {
    /// The resources whose status is simulated.
    static let resources: Set<String> = ["apps/deployments", "apps/statefulsets", "apps/daemonsets", "apps/replicasets", "batch/jobs"]

    /// The annotation that asks for a failure.
    static let annotation = "sluice.dev/simulate"

    /// The status `object` of `resource` gets; `nil` to leave it alone.
    static func status(for object: JSONValue, resource: String, now: String) -> JSONValue? {
        guard object[path: ["metadata", "deletionTimestamp"]] == nil else { return nil }
        let generation = object[path: ["metadata", "generation"]]?.intValue ?? 1
        let fail = object[path: ["metadata", "annotations", annotation]]?.stringValue == "fail"
        let replicas = object[path: ["spec", "replicas"]]?.intValue ?? 1
        let name = object[path: ["metadata", "name"]]?.stringValue ?? ""
        let old = object["status"] ?? .object(JSONObject())
        func condition(_ type: String, _ status: Bool, _ reason: String, _ message: String) -> JSONValue {
            let previous = old["conditions"]?.arrayValue?.first { $0["type"]?.stringValue == type }
            let sameStatus = previous?["status"]?.stringValue == (status ? "True" : "False")
            let transition = sameStatus ? (previous?["lastTransitionTime"] ?? .string(now)) : .string(now)
            return ["type": .string(type), "status": status ? "True" : "False", "lastUpdateTime": .string(now),
                    "lastTransitionTime": transition, "reason": .string(reason), "message": .string(message)]
        }
        var status = JSONObject()
        status["observedGeneration"] = .int(generation)
        func counts(_ pairs: [(String, Int64)]) {
            for (key, value) in pairs where value != 0 { status[key] = .int(value) }
        }
        switch resource {
        case "apps/deployments":
            if fail {
                counts([("replicas", replicas), ("updatedReplicas", replicas), ("unavailableReplicas", replicas)])
                status["conditions"] = [
                    condition("Available", false, "MinimumReplicasUnavailable", "Deployment does not have minimum availability."),
                    condition("Progressing", false, "ProgressDeadlineExceeded", "ReplicaSet \"\(name)\" has timed out progressing."),
                ]
            } else {
                counts([("replicas", replicas), ("updatedReplicas", replicas), ("readyReplicas", replicas), ("availableReplicas", replicas)])
                status["conditions"] = [
                    condition("Available", true, "MinimumReplicasAvailable", "Deployment has minimum availability."),
                    condition("Progressing", true, "NewReplicaSetAvailable", "ReplicaSet \"\(name)\" has successfully progressed."),
                ]
            }
        case "apps/statefulsets":
            let ready = fail ? 0 : replicas
            counts([("replicas", replicas), ("readyReplicas", ready), ("currentReplicas", replicas),
                    ("updatedReplicas", replicas), ("availableReplicas", ready)])
            status["currentRevision"] = .string("\(name)-sluice")
            status["updateRevision"] = .string("\(name)-sluice")
            status["collisionCount"] = 0
        case "apps/daemonsets":
            let ready: Int64 = fail ? 0 : 1
            status["currentNumberScheduled"] = 1
            status["desiredNumberScheduled"] = 1
            status["numberMisscheduled"] = 0
            status["numberReady"] = .int(ready)
            status["updatedNumberScheduled"] = 1
            counts([("numberAvailable", ready), ("numberUnavailable", 1 - ready)])
        case "apps/replicasets":
            let ready = fail ? 0 : replicas
            counts([("replicas", replicas), ("fullyLabeledReplicas", replicas), ("readyReplicas", ready), ("availableReplicas", ready)])
        case "batch/jobs":
            if old["completionTime"] != nil || old["conditions"]?.arrayValue?.contains(where: { ["Complete", "Failed"].contains($0["type"]?.stringValue ?? "") }) == true {
                return nil
            }
            status["observedGeneration"] = nil
            status["startTime"] = old["startTime"] ?? .string(now)
            status["ready"] = 0
            status["terminating"] = 0
            status["uncountedTerminatedPods"] = .object(JSONObject())
            if fail {
                status["failed"] = .int(object[path: ["spec", "backoffLimit"]]?.intValue.map { $0 + 1 } ?? 7)
                status["conditions"] = [
                    condition("FailureTarget", true, "BackoffLimitExceeded", "Job has reached the specified backoff limit"),
                    condition("Failed", true, "BackoffLimitExceeded", "Job has reached the specified backoff limit"),
                ]
            } else {
                status["succeeded"] = .int(object[path: ["spec", "completions"]]?.intValue ?? 1)
                status["completionTime"] = .string(now)
                status["conditions"] = [
                    condition("SuccessCriteriaMet", true, "CompletionsReached", "Reached expected number of succeeded pods"),
                    condition("Complete", true, "CompletionsReached", "Reached expected number of succeeded pods"),
                ]
            }
        default:
            return nil
        }
        return .object(status)
    }
}
