import SluiceApply
import SluiceCore
import Testing

/// kstatus rules for the kinds whose status says more than a `Ready` condition.
@Suite struct HealthStatusTests {
    private func pod(phase: String?, ready: Bool? = nil) -> KubeObject {
        var object = KubeObject(apiVersion: "v1", kind: "Pod", name: "p", namespace: "apps")
        var status = JSONObject()
        if let phase { status["phase"] = .string(phase) }
        if let ready { status["conditions"] = [["type": "Ready", "status": .string(ready ? "True" : "False")]] }
        object["status"] = .object(status)
        return object
    }

    @Test func podsAreCurrentWhenSucceededOrRunningAndReady() {
        #expect(HealthStatus.of(pod(phase: "Succeeded")) == .current)
        #expect(HealthStatus.of(pod(phase: "Running", ready: true)) == .current)
        #expect(HealthStatus.of(pod(phase: "Running", ready: false)).name == "InProgress")
        #expect(HealthStatus.of(pod(phase: "Pending")).name == "InProgress")
        #expect(HealthStatus.of(pod(phase: nil)).name == "InProgress")
        #expect(HealthStatus.of(pod(phase: "Failed")).name == "Failed")
    }

    @Test func jobsAndDeploymentsFollowTheirStatus() {
        var job = KubeObject(apiVersion: "batch/v1", kind: "Job", name: "j", namespace: "apps")
        job["status"] = ["conditions": [["type": "Complete", "status": "True"]]]
        #expect(HealthStatus.of(job) == .current)
        var deployment = KubeObject(apiVersion: "apps/v1", kind: "Deployment", name: "d", namespace: "apps")
        deployment["spec"] = ["replicas": 2]
        deployment["status"] = ["observedGeneration": 1, "replicas": 2, "updatedReplicas": 2, "availableReplicas": 1, "readyReplicas": 1]
        #expect(HealthStatus.of(deployment) == .inProgress("available: 1/2"))
    }
}
