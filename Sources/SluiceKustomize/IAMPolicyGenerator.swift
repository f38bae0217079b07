import SluiceCore

/// kustomize's built-in `IAMPolicyGenerator` (GKE only): a ServiceAccount annotated with the Google service account
/// it acts as (Workload Identity). The object is built field by field, so no value can add fields of its own.
struct IAMPolicyGenerator {
    var cloud: String
    var serviceAccountName: String
    var namespace: String
    var googleServiceAccount: String
    var projectID: String
    var source: String

    init(_ plugin: BuiltinPlugin) throws(KustomizeError) {
        source = plugin.source
        let config = plugin.config
        func text(_ value: JSONValue?, _ field: String) throws(KustomizeError) -> String {
            try Kustomization.string(value, field: field, file: plugin.source) ?? ""
        }
        cloud = try text(config["cloud"], "cloud")
        serviceAccountName = try text(config["kubernetesService"]?["name"], "kubernetesService.name")
        namespace = try text(config["kubernetesService"]?["namespace"], "kubernetesService.namespace")
        googleServiceAccount = try text(config["serviceAccount"]?["name"], "serviceAccount.name")
        projectID = try text(config["serviceAccount"]?["projectId"], "serviceAccount.projectId")
    }

    func serviceAccount() throws(KustomizeError) -> Resource {
        guard cloud == "gke" else { throw KustomizeError("cloud provider \(cloud) not supported yet", file: source) }
        guard !serviceAccountName.isEmpty else { throw KustomizeError("IAMPolicyGenerator: kubernetesService.name is required", file: source) }
        var metadata: JSONObject = [
            "name": .string(serviceAccountName),
            "annotations": .object(["iam.gke.io/gcp-service-account": .string("\(googleServiceAccount)@\(projectID).iam.gserviceaccount.com")]),
        ]
        if !namespace.isEmpty { metadata["namespace"] = .string(namespace) }
        return Resource(["apiVersion": "v1", "kind": "ServiceAccount", "metadata": .object(metadata)], source: source)
    }
}
