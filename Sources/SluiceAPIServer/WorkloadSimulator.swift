import SluiceCore

/// The status a healthy (or, on request, failing) cluster reports for workloads.
///
/// There is no kubelet: nothing runs. After `--simulate-delay` the server
/// writes the status controllers would, so that `kubectl wait` and health
/// checks behave as against a real cluster. The annotation
/// `sluice.dev/simulate: fail` makes an object report failure instead.
/// Pods run to completion when they do not restart (`restartPolicy` `Never` or
/// `OnFailure`: phase `Succeeded`, as Helm's test and hook Pods), and otherwise
/// run and are `Ready`; a failing Pod ends in phase `Failed`.
enum WorkloadSimulator {
    /// The resources whose status is simulated.
    static let resources: Set<String> = ["apps/deployments", "apps/statefulsets", "apps/daemonsets", "apps/replicasets", "batch/jobs", "/pods"]

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
        case "/pods":
            return podStatus(object, old: old, fail: fail, now: now)
        default:
            return nil
        }
        return .object(status)
    }

    /// A Pod's status: terminal phases are kept (a finished Pod does not run again); a Pod that does not restart
    /// completes (`Succeeded`, or `Failed` on request) with terminated containers, any other runs and is `Ready`.
    private static func podStatus(_ object: JSONValue, old: JSONValue, fail: Bool, now: String) -> JSONValue? {
        if let phase = old["phase"]?.stringValue, phase == "Succeeded" || phase == "Failed" { return nil }
        let restartPolicy = object[path: ["spec", "restartPolicy"]]?.stringValue ?? "Always"
        let completes = restartPolicy == "Never" || restartPolicy == "OnFailure"
        let started = old["startTime"] ?? .string(now)
        let phase = fail ? "Failed" : (completes ? "Succeeded" : "Running")
        let ready = phase == "Running"
        func condition(_ type: String, _ status: Bool, reason: String? = nil) -> JSONValue {
            var condition: JSONObject = ["type": .string(type), "status": status ? "True" : "False", "lastProbeTime": .null,
                                         "lastTransitionTime": .string(now)]
            if let reason { condition["reason"] = .string(reason) }
            return .object(condition)
        }
        let finishedReason = phase == "Succeeded" ? "PodCompleted" : (phase == "Failed" ? "PodFailed" : nil)
        let containers = (object[path: ["spec", "containers"]]?.arrayValue ?? []).map { container -> JSONValue in
            let state: JSONValue
            switch phase {
            case "Running": state = ["running": ["startedAt": started]]
            default:
                let exitCode: Int64 = phase == "Succeeded" ? 0 : 1
                state = ["terminated": ["exitCode": .int(exitCode), "reason": .string(phase == "Succeeded" ? "Completed" : "Error"),
                                        "startedAt": started, "finishedAt": .string(now)]]
            }
            return ["name": container["name"] ?? "", "image": container["image"] ?? "", "imageID": "", "ready": .bool(ready),
                    "restartCount": 0, "started": .bool(ready), "state": state]
        }
        var status = JSONObject()
        status["phase"] = .string(phase)
        status["conditions"] = [condition("PodScheduled", true), condition("Initialized", true),
                                condition("ContainersReady", ready, reason: finishedReason), condition("Ready", ready, reason: finishedReason)]
        status["containerStatuses"] = .array(containers)
        status["hostIP"] = "127.0.0.1"
        status["podIP"] = "10.0.0.1"
        status["qosClass"] = "BestEffort"
        status["startTime"] = started
        return .object(status)
    }
}
