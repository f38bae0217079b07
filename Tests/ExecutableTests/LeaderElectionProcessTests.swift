import Foundation
import SluiceTestSupport
import Testing

/// Two real `source-controller run` processes on one `sluice cluster serve`: one leads through the Lease
/// `source-controller-leader-election` and reconciles, the other stands by until the leader stops.
@Suite(.enabled(if: BuiltExecutables.isBuilt("source-controller") && BuiltExecutables.kubectl != nil, "needs the built executables and kubectl"))
struct LeaderElectionProcessTests {
    /// Short durations so a standby notices a release within a second; the namespace is named so the test does not
    /// depend on `$POD_NAMESPACE` or a service account in the environment it runs in.
    static let election = ["--leader-election-namespace", "default", "--leader-election-lease-duration", "10s",
                           "--leader-election-renew-deadline", "8s", "--leader-election-retry-period", "500ms"]
    static let lease = "default/source-controller-leader-election"

    @Test func standbySourceControllerTakesOverWhenTheLeaderStops() async throws {
        let bed = try await ControllerProcessBed.start("election")
        defer { bed.stop() }
        let first = try await bed.fixture.commit(["deploy/app.yaml": .file("kind: ConfigMap\n")], message: "First")
        try await bed.fixture.push()

        let leader = try bed.run("source-controller", ["--storage-addr", "127.0.0.1:0", "--allow-local-git-urls"] + Self.election)
        defer { leader.signal(SIGKILL) }
        let leaderIdentity: String = try await eventually(timeout: .seconds(60)) {
            Self.field("identity", ofLine: "acquired lease \(Self.lease)", in: leader.stderr)
        }
        let standby = try bed.run("source-controller", ["--storage-addr", "127.0.0.1:0", "--allow-local-git-urls"] + Self.election)
        defer { standby.signal(SIGKILL) }
        let standbyIdentity: String = try await eventually(timeout: .seconds(60)) {
            Self.field("identity", ofLine: "waiting for leader election lease \(Self.lease) held by \(leaderIdentity)", in: standby.stderr)
        }
        #expect(standbyIdentity != leaderIdentity)
        func lease(_ path: String) async throws -> String {
            try await bed.kubectl(["get", "lease", "source-controller-leader-election", "-n", "default", "-o", "jsonpath={\(path)}"])
        }
        await #expect(try lease(".spec.holderIdentity") == leaderIdentity)

        // Only the leader reconciles.
        try await bed.applyGitRepository("app")
        try await eventually(timeout: .seconds(60)) { try await bed.field("gitrepository", "app", ".status.artifact.revision") == "main@sha1:\(first)" }
        await #expect(try lease(".spec.holderIdentity") == leaderIdentity)
        #expect(leader.stderr.contains("\"msg\":\"starting controller\""))
        #expect(!standby.stderr.contains("\"msg\":\"starting controller\""), "the standby watches nothing: \(standby.stderr)")
        #expect(!standby.stderr.contains("\"msg\":\"serving artifacts\""), "the standby serves no artifacts, as Flux's")

        // SIGTERM: the leader finishes, releases the Lease and exits 0; the standby takes over and reconciles what is new.
        leader.signal(SIGTERM)
        #expect(try await leader.wait(timeout: .seconds(30)) == 0, "\(leader.stderr)")
        #expect(leader.stderr.contains("\"msg\":\"released lease \(Self.lease)\""))
        let acquired: String = try await eventually(timeout: .seconds(60)) {
            Self.field("identity", ofLine: "acquired lease \(Self.lease)", in: standby.stderr)
        }
        #expect(acquired == standbyIdentity)
        await #expect(try lease(".spec.holderIdentity") == standbyIdentity)
        await #expect(try lease(".spec.leaseTransitions") == "1")

        let second = try await bed.fixture.commit(["deploy/app.yaml": .file("kind: Secret\n")], message: "Second")
        try await bed.fixture.push()
        try await bed.applyGitRepository("app2")
        try await eventually(timeout: .seconds(60)) { try await bed.field("gitrepository", "app2", ".status.artifact.revision") == "main@sha1:\(second)" }
        await #expect(try bed.field("gitrepository", "app2", ".status.conditions[?(@.type==\"Ready\")].status") == "True")

        standby.signal(SIGTERM)
        #expect(try await standby.wait(timeout: .seconds(30)) == 0, "\(standby.stderr)")
        await #expect(try lease(".spec.holderIdentity") == "")
    }

    @Test func leaderThatLosesItsLeaseExitsNonZero() async throws {
        let cluster = try await LocalCluster()
        defer { cluster.stopNow() }
        try await cluster.installCRDs()
        let store = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-lost-\(UUID().uuidString)/store.db").path
        defer { try? FileManager.default.removeItem(atPath: (store as NSString).deletingLastPathComponent) }
        let controller = try ChildProcess("source-controller", ["run", "--kubeconfig", cluster.kubeconfig, "--store", store,
                                                                "--storage-addr", "127.0.0.1:0", "--leader-election-namespace", "default",
                                                                "--leader-election-lease-duration", "3s", "--leader-election-renew-deadline", "2s",
                                                                "--leader-election-retry-period", "200ms"] + ControllerProcessBed.observability)
        defer { controller.signal(SIGKILL) }
        try await eventually(timeout: .seconds(60)) { controller.stderr.contains("\"msg\":\"acquired lease \(Self.lease)\"") }

        // Someone else writes the Lease as theirs: the controller cannot renew, and stops rather than reconcile beside them.
        try await cluster.kubectl(["patch", "lease", "source-controller-leader-election", "-n", "default", "--type", "merge",
                                   "-p", #"{"spec":{"holderIdentity":"intruder","leaseDurationSeconds":3600}}"#])
        let status = try await controller.wait(timeout: .seconds(60))
        #expect(status != 0)
        #expect(controller.stderr.contains("\"msg\":\"leader election lost\""), "\(controller.stderr)")
        await #expect(try cluster.kubectl(["get", "lease", "source-controller-leader-election", "-n", "default",
                                           "-o", "jsonpath={.spec.holderIdentity}"]) == "intruder")
    }

    /// The string `key` of the first JSON log line whose message is `message`.
    static func field(_ key: String, ofLine message: String, in log: String) -> String? {
        for line in log.split(separator: "\n") where line.contains("\"msg\":") {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                object["msg"] as? String == message
            else { continue }
            return object[key] as? String
        }
        return nil
    }
}
