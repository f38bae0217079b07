import SluiceCore

/// The defaults Kubernetes gives a pod spec, in a Pod or in any workload's template (`SetDefaults_PodSpec`,
/// `SetDefaults_Container`, `SetDefaults_Probe`, `SetDefaults_Volume`… of `pkg/apis/core/v1/defaults.go`).
enum PodSpecDefaults {
    /// `spec` with its defaults.
    static func apply(_ spec: inout JSONValue) {
        guard spec.objectValue != nil else { return }
        spec.setDefault(["restartPolicy"], "Always")
        spec.setDefault(["dnsPolicy"], "ClusterFirst")
        spec.setDefault(["terminationGracePeriodSeconds"], 30)
        spec.setDefault(["securityContext"], .object(JSONObject()))
        spec.setDefault(["schedulerName"], "default-scheduler")
        spec.updateEach(["containers"], container)
        spec.updateEach(["initContainers"], container)
        spec.updateEach(["ephemeralContainers"], container)
        spec.updateEach(["volumes"], volume)
    }

    /// A container's defaults: pull policy by tag, termination message, ports' protocol, probes, env references.
    static func container(_ container: inout JSONValue) {
        if let image = container["image"]?.stringValue {
            container.setDefault(["imagePullPolicy"], .string(pullPolicy(image)))
        }
        container.setDefault(["terminationMessagePath"], "/dev/termination-log")
        container.setDefault(["terminationMessagePolicy"], "File")
        container.setDefault(["resources"], .object(JSONObject()))
        container.updateEach(["ports"]) { $0.setDefault(["protocol"], "TCP") }
        for probe in ["livenessProbe", "readinessProbe", "startupProbe"] {
            container.updateObject([probe]) { probe in
                probe.setDefault(["timeoutSeconds"], 1)
                probe.setDefault(["periodSeconds"], 10)
                probe.setDefault(["successThreshold"], 1)
                probe.setDefault(["failureThreshold"], 3)
                probe.updateObject(["httpGet"]) { get in
                    get.setDefault(["path"], "/")
                    get.setDefault(["scheme"], "HTTP")
                }
            }
        }
        container.updateEach(["env"]) { env in
            env.updateObject(["valueFrom", "fieldRef"]) { $0.setDefault(["apiVersion"], "v1") }
        }
    }

    /// `Always` for `:latest` or no tag, `IfNotPresent` for any other tag or a digest, as `SetDefaults_Container`.
    static func pullPolicy(_ image: String) -> String {
        if image.contains("@") { return "IfNotPresent" }
        let lastSegment = image.split(separator: "/").last.map(String.init) ?? image
        guard let colon = lastSegment.lastIndex(of: ":") else { return "Always" }
        return lastSegment[lastSegment.index(after: colon)...] == "latest" ? "Always" : "IfNotPresent"
    }

    /// A volume's defaults: `emptyDir` when it names no source, file modes 0644 for projected files.
    static func volume(_ volume: inout JSONValue) {
        let sources = volume.objectValue.map { $0.keys.filter { $0 != "name" } } ?? []
        if sources.isEmpty { volume["emptyDir"] = .object(JSONObject()) }
        for source in ["secret", "configMap", "downwardAPI", "projected"] {
            volume.updateObject([source]) { $0.setDefault(["defaultMode"], 420) }
        }
        volume.updateObject(["hostPath"]) { $0.setDefault(["type"], "") }
    }
}
