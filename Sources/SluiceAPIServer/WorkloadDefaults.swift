import SluiceCore

/// The defaults Kubernetes gives workloads on create and update (`SetDefaults_Deployment`, `_StatefulSet`,
/// `_DaemonSet`, `_ReplicaSet` of `pkg/apis/apps/v1/defaults.go`, `_Job` and `_CronJob` of `pkg/apis/batch/v1`),
/// with their pod templates' defaults.
enum WorkloadDefaults {
    /// `object` of the workload kind `key` (`apps/deployments`, …) with its defaults; other kinds unchanged.
    static func apply(_ object: inout JSONValue, key: String) {
        guard object["spec"]?.objectValue != nil else { return }
        switch key {
        case "apps/deployments":
            object.setDefault(["spec", "replicas"], 1)
            object.setDefault(["spec", "strategy", "type"], "RollingUpdate")
            if object[path: ["spec", "strategy", "type"]]?.stringValue == "RollingUpdate" {
                object.setDefault(["spec", "strategy", "rollingUpdate", "maxUnavailable"], "25%")
                object.setDefault(["spec", "strategy", "rollingUpdate", "maxSurge"], "25%")
            }
            object.setDefault(["spec", "revisionHistoryLimit"], 10)
            object.setDefault(["spec", "progressDeadlineSeconds"], 600)
            template(&object, ["spec", "template", "spec"])
        case "apps/replicasets":
            object.setDefault(["spec", "replicas"], 1)
            template(&object, ["spec", "template", "spec"])
        case "apps/statefulsets":
            object.setDefault(["spec", "replicas"], 1)
            object.setDefault(["spec", "podManagementPolicy"], "OrderedReady")
            object.setDefault(["spec", "updateStrategy", "type"], "RollingUpdate")
            if object[path: ["spec", "updateStrategy", "type"]]?.stringValue == "RollingUpdate" {
                object.setDefault(["spec", "updateStrategy", "rollingUpdate", "partition"], 0)
            }
            object.setDefault(["spec", "revisionHistoryLimit"], 10)
            object.setDefault(["spec", "persistentVolumeClaimRetentionPolicy", "whenDeleted"], "Retain")
            object.setDefault(["spec", "persistentVolumeClaimRetentionPolicy", "whenScaled"], "Retain")
            object.updateEach(["spec", "volumeClaimTemplates"]) { claim in
                claim.setDefault(["spec", "volumeMode"], "Filesystem")
            }
            template(&object, ["spec", "template", "spec"])
        case "apps/daemonsets":
            object.setDefault(["spec", "updateStrategy", "type"], "RollingUpdate")
            if object[path: ["spec", "updateStrategy", "type"]]?.stringValue == "RollingUpdate" {
                object.setDefault(["spec", "updateStrategy", "rollingUpdate", "maxUnavailable"], 1)
                object.setDefault(["spec", "updateStrategy", "rollingUpdate", "maxSurge"], 0)
            }
            object.setDefault(["spec", "revisionHistoryLimit"], 10)
            template(&object, ["spec", "template", "spec"])
        case "batch/jobs":
            job(&object)
        case "batch/cronjobs":
            object.setDefault(["spec", "concurrencyPolicy"], "Allow")
            object.setDefault(["spec", "suspend"], false)
            object.setDefault(["spec", "successfulJobsHistoryLimit"], 3)
            object.setDefault(["spec", "failedJobsHistoryLimit"], 1)
            template(&object, ["spec", "jobTemplate", "spec", "template", "spec"])
        case "/podtemplates":
            template(&object, ["template", "spec"])
        case "/replicationcontrollers":
            object.setDefault(["spec", "replicas"], 1)
            template(&object, ["spec", "template", "spec"])
        default:
            break
        }
    }

    private static func template(_ object: inout JSONValue, _ path: [String]) {
        object.updateObject(path) { PodSpecDefaults.apply(&$0) }
    }

    /// A Job's defaults, and the selector and template labels the server generates for it (unless
    /// `manualSelector`), as the Job strategy's `generateSelector`.
    private static func job(_ object: inout JSONValue) {
        if object[path: ["spec", "completions"]] == nil, object[path: ["spec", "parallelism"]] == nil {
            object.setDefault(["spec", "completions"], 1)
            object.setDefault(["spec", "parallelism"], 1)
        }
        object.setDefault(["spec", "parallelism"], 1)
        let perIndex = object[path: ["spec", "backoffLimitPerIndex"]] != nil
        let failurePolicy = object[path: ["spec", "podFailurePolicy"]] != nil
        object.setDefault(["spec", "backoffLimit"], perIndex ? 2_147_483_647 : 6)
        object.setDefault(["spec", "completionMode"], "NonIndexed")
        object.setDefault(["spec", "suspend"], false)
        object.setDefault(["spec", "podReplacementPolicy"], failurePolicy ? "Failed" : "TerminatingOrFailed")
        if object[path: ["spec", "manualSelector"]]?.boolValue != true, let uid = object[path: ["metadata", "uid"]]?.stringValue,
           let name = object[path: ["metadata", "name"]]?.stringValue
        {
            object.setDefault(["spec", "selector"], ["matchLabels": ["batch.kubernetes.io/controller-uid": .string(uid)]])
            for (label, value) in [("batch.kubernetes.io/controller-uid", uid), ("batch.kubernetes.io/job-name", name),
                                   ("controller-uid", uid), ("job-name", name)]
            {
                object.setDefault(["spec", "template", "metadata", "labels", label], .string(value))
            }
        }
        template(&object, ["spec", "template", "spec"])
    }
}
