import SluiceCore

/// Defaults of the autoscaling and networking kinds (`SetDefaults_HorizontalPodAutoscaler` of
/// `pkg/apis/autoscaling/v2`, `SetDefaults_NetworkPolicy` of `pkg/apis/networking/v1`).
enum PolicyDefaults {
    /// `object` of kind `key` with its defaults; other kinds unchanged.
    static func apply(_ object: inout JSONValue, key: String) {
        guard object["spec"]?.objectValue != nil else { return }
        switch key {
        case "autoscaling/horizontalpodautoscalers":
            object.setDefault(["spec", "minReplicas"], 1)
            if (object[path: ["spec", "metrics"]]?.arrayValue ?? []).isEmpty,
               object[path: ["spec", "targetCPUUtilizationPercentage"]] == nil
            {
                object[path: ["spec", "metrics"]] = [[
                    "type": "Resource",
                    "resource": ["name": "cpu", "target": ["type": "Utilization", "averageUtilization": 80]],
                ]]
            }
            // A behavior given in part is completed (an absent one stays absent, as in Kubernetes).
            if object[path: ["spec", "behavior"]]?.objectValue != nil {
                object.setDefault(["spec", "behavior", "scaleUp", "stabilizationWindowSeconds"], 0)
                object.setDefault(["spec", "behavior", "scaleUp", "selectPolicy"], "Max")
                object.setDefault(["spec", "behavior", "scaleUp", "policies"], [
                    ["type": "Pods", "value": 4, "periodSeconds": 15], ["type": "Percent", "value": 100, "periodSeconds": 15],
                ])
                object.setDefault(["spec", "behavior", "scaleDown", "selectPolicy"], "Max")
                object.setDefault(["spec", "behavior", "scaleDown", "policies"], [["type": "Percent", "value": 100, "periodSeconds": 15]])
            }
        case "networking.k8s.io/networkpolicies":
            if (object[path: ["spec", "policyTypes"]]?.arrayValue ?? []).isEmpty {
                let egress = !(object[path: ["spec", "egress"]]?.arrayValue ?? []).isEmpty
                object[path: ["spec", "policyTypes"]] = .array(egress ? ["Ingress", "Egress"] : ["Ingress"])
            }
            for direction in ["ingress", "egress"] {
                object.updateEach(["spec", direction]) { rule in
                    rule.updateEach(["ports"]) { $0.setDefault(["protocol"], "TCP") }
                }
            }
        default:
            break
        }
    }
}
