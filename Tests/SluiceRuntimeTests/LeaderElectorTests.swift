import Foundation
import Logging
import SluiceCore
import SluiceKube
import SluiceTestSupport
import Synchronization
import Testing
@testable import SluiceRuntime

/// ``LeaderElector`` against a real `sluice cluster serve`: Leases written through Sluice's client, read back as
/// client-go would read them. Short durations (a 2s lease, 100–200ms retries) keep the tests quick; nothing is
/// asserted about how long anything took.
@Suite(.enabled(if: BuiltExecutables.isBuilt("sluice"), "needs the built `sluice`"))
struct LeaderElectorTests {
    /// A cluster, a client and electors on one Lease.
    final class Bed: Sendable {
        let cluster: LocalCluster
        let client: KubernetesClient
        let lease = "test-controller-leader-election"

        init() async throws {
            cluster = try await LocalCluster()
            client = try KubernetesClient(configuration: ClientConfiguration.load(kubeconfig: cluster.kubeconfig, environment: .init(variables: [:])))
        }

        /// A candidate on the Lease, with a client of its own (as the process gives it).
        func elector(_ identity: String, leaseDuration: Duration = .seconds(2), renewDeadline: Duration = .milliseconds(1500),
                     retryPeriod: Duration = .milliseconds(100), name: String? = nil) throws -> LeaderElector
        {
            var logger = Logger(label: "elector-\(identity)")
            logger.logLevel = .error
            let client = try KubernetesClient(configuration: ClientConfiguration.load(kubeconfig: cluster.kubeconfig, environment: .init(variables: [:])))
            return LeaderElector(client: client, configuration: .init(namespace: "default", name: name ?? lease, identity: identity,
                                                                       leaseDuration: leaseDuration, renewDeadline: renewDeadline,
                                                                       retryPeriod: retryPeriod), logger: logger)
        }

        /// The Lease's record as the server holds it.
        func record(_ name: String? = nil) async throws -> LeaseRecord? {
            try await client.get(LeaderElector.leaseGVK, namespace: "default", name: name ?? lease).map { LeaseRecord(spec: $0["spec"]) }
        }

        func stop() { cluster.stopNow() }
    }

    /// Whether a candidate's work is running.
    final class Leading: Sendable {
        private let value = Mutex(false)
        var isOn: Bool { value.withLock { $0 } }
        func set(_ on: Bool) { value.withLock { $0 = on } }
    }

    /// Runs `elector` until its task is cancelled or `stop` finishes; `leading` is on while its work runs.
    static func start(_ elector: LeaderElector, leading: Leading? = nil, until stop: AsyncStream<Void>? = nil) -> Task<Void, any Error> {
        Task {
            try await elector.run {
                leading?.set(true)
                defer { leading?.set(false) }
                if let stop {
                    for await _ in stop {}
                } else {
                    while true { try await Task.sleep(for: .seconds(3600)) }
                }
            }
        }
    }

    @Test func acquiresAnAbsentLeaseWithClientGosFields() async throws {
        let bed = try await Bed()
        defer { bed.stop() }
        let elector = try bed.elector("host-a_1")
        #expect(try await bed.record() == nil)

        #expect(await elector.tryAcquireOrRenew())
        #expect(elector.isLeader)
        let first = try #require(try await bed.record())
        #expect(first.holderIdentity == "host-a_1")
        #expect(first.leaseDurationSeconds == 2)
        #expect(first.leaseTransitions == 0)
        let microTime = #/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z/#
        #expect(try microTime.wholeMatch(in: #require(first.acquireTime)) != nil, "MicroTime: \(first.acquireTime ?? "")")
        #expect(try microTime.wholeMatch(in: #require(first.renewTime)) != nil)

        // A renewal moves renewTime only.
        try await Task.sleep(for: .milliseconds(5))
        #expect(await elector.tryAcquireOrRenew())
        let renewed = try #require(try await bed.record())
        #expect(renewed.holderIdentity == "host-a_1")
        #expect(renewed.acquireTime == first.acquireTime)
        #expect(renewed.renewTime != first.renewTime)
        #expect(renewed.leaseTransitions == 0)

        if BuiltExecutables.kubectl != nil {
            let holder = try await Kubectl.kubectl(["get", "leases.coordination.k8s.io", bed.lease, "-n", "default",
                                                    "-o", "jsonpath={.spec.holderIdentity}"], kubeconfig: bed.cluster.kubeconfig)
            #expect(holder == "host-a_1")
        }
    }

    @Test func standbyWaitsWhileTheLeaderRenews() async throws {
        let bed = try await Bed()
        defer { bed.stop() }
        // A 6s lease and a 5s renew deadline: long enough that a loaded two-core machine never starves the leader's
        // renewals past it, short enough that the standby's attempts outlast the lease below.
        let leader = try bed.elector("leader", leaseDuration: .seconds(6), renewDeadline: .seconds(5))
        let standby = try bed.elector("standby", leaseDuration: .seconds(6), renewDeadline: .seconds(5))
        let leaderLeading = Leading()
        let standbyLeading = Leading()
        let leading = Self.start(leader, leading: leaderLeading)
        defer { leading.cancel() }
        try await eventually { leaderLeading.isOn }
        let waiting = Self.start(standby, leading: standbyLeading)
        defer { waiting.cancel() }

        // Seventy attempts at 100ms or more apart outlast the 6s lease: only renewals keep it. Each attempt is an HTTPS
        // round trip; on a loaded two-core machine seventy can take well over the default 30s wait.
        try await eventually(timeout: .seconds(180)) { standby.attempts >= 70 }
        #expect(!standbyLeading.isOn)
        #expect(!standby.isLeader)
        #expect(leaderLeading.isOn)
        let record = try #require(try await bed.record())
        #expect(record.holderIdentity == "leader")
        #expect(record.leaseTransitions == 0)
        for task in [waiting, leading] {
            task.cancel()
            _ = try? await task.value
        }
    }

    @Test func standbyTakesOverAtOnceWhenTheLeaderReleases() async throws {
        let bed = try await Bed()
        defer { bed.stop() }
        // A lease far longer than the test: the standby can only get it because it was released.
        let leader = try bed.elector("leader", leaseDuration: .seconds(600), renewDeadline: .seconds(30))
        let standby = try bed.elector("standby", leaseDuration: .seconds(600), renewDeadline: .seconds(30))
        let (stop, stopLeading) = AsyncStream.makeStream(of: Void.self)
        let leaderLeading = Leading()
        let leading = Self.start(leader, leading: leaderLeading, until: stop)
        try await eventually { leaderLeading.isOn }
        #expect(await !standby.tryAcquireOrRenew())

        // A clean stop: the work returns, then the Lease is released.
        stopLeading.finish()
        try await leading.value
        let released = try #require(try await bed.record())
        #expect(released.holderIdentity == "")
        #expect(released.leaseDurationSeconds == 1)
        #expect(!leader.isLeader)

        // As client-go, Events on the Lease say who led: `kubectl get events` shows the hand-over.
        let messages: Set<String> = try await eventually {
            let events = try await bed.client.list(GroupVersionKind(group: "", version: "v1", kind: "Event"), namespace: "default").items
            let messages = Set(events.filter { $0["involvedObject", "name"] == .string(bed.lease) && $0["reason"] == "LeaderElection" }
                .compactMap { $0["message"]?.stringValue })
            return messages.count == 2 ? messages : nil
        }
        #expect(messages == ["leader became leader", "leader stopped leading"])

        #expect(await standby.tryAcquireOrRenew())
        let taken = try #require(try await bed.record())
        #expect(taken.holderIdentity == "standby")
        #expect(taken.leaseDurationSeconds == 600)
        #expect(taken.leaseTransitions == 1)
    }

    @Test func cancellingTheLeaderReleasesTheLease() async throws {
        let bed = try await Bed()
        defer { bed.stop() }
        let leader = try bed.elector("leader", leaseDuration: .seconds(600), renewDeadline: .seconds(30))
        let leaderLeading = Leading()
        let leading = Self.start(leader, leading: leaderLeading)
        try await eventually { leaderLeading.isOn }
        leading.cancel()
        await #expect(throws: CancellationError.self) { try await leading.value }
        #expect(try await bed.record()?.holderIdentity == "")
    }

    @Test func standbyTakesOverWhenTheLeaderStopsRenewing() async throws {
        let bed = try await Bed()
        defer { bed.stop() }
        let crashed = try bed.elector("crashed")
        #expect(await crashed.tryAcquireOrRenew())
        let before = try #require(try await bed.record())

        // The first leader never renews again, as if killed: the standby takes over once 2s pass without a change.
        let standby = try bed.elector("standby")
        let standbyLeading = Leading()
        let waiting = Self.start(standby, leading: standbyLeading)
        defer { waiting.cancel() }
        try await eventually { standbyLeading.isOn }
        let after = try #require(try await bed.record())
        #expect(after.holderIdentity == "standby")
        #expect(after.leaseTransitions == 1)
        #expect(after.acquireTime != before.acquireTime)

        // The old leader, back, sees it lost and stands by.
        #expect(await !crashed.tryAcquireOrRenew())
        #expect(!crashed.isLeader)
        #expect(try await bed.record()?.holderIdentity == "standby")
        waiting.cancel()
        _ = try? await waiting.value
    }

    @Test func leaderThatCannotRenewStopsItsWorkAndReportsLeadershipLost() async throws {
        let bed = try await Bed()
        defer { bed.stop() }
        let leader = try bed.elector("leader", leaseDuration: .seconds(3), renewDeadline: .seconds(1), retryPeriod: .milliseconds(200))
        let leaderLeading = Leading()
        let leading = Self.start(leader, leading: leaderLeading)
        try await eventually { leaderLeading.isOn }

        // Someone else writes the Lease as theirs for an hour: every renewal now finds it held and valid.
        // The leader renews every 200 ms, so the intruder's write may meet a 409: read again and retry, as a client must.
        try await eventually {
            guard var lease = try await bed.client.get(LeaderElector.leaseGVK, namespace: "default", name: bed.lease) else { return false }
            lease["spec", "holderIdentity"] = "intruder"
            lease["spec", "leaseDurationSeconds"] = 3600
            try await bed.client.update(lease)
            return true
        }

        await #expect(throws: LeaderElectionLost.self) { try await leading.value }
        #expect(!leaderLeading.isOn, "the work was stopped")
        #expect(try await bed.record()?.holderIdentity == "intruder", "a lost lease is not released")
    }

    @Test func aConflictingWriteIsRetriedFromAFreshRead() async throws {
        let bed = try await Bed()
        defer { bed.stop() }
        let leader = try bed.elector("leader")
        #expect(await leader.tryAcquireOrRenew())
        let stale = try #require(try await bed.client.get(LeaderElector.leaseGVK, namespace: "default", name: bed.lease))

        // Another writer changes the Lease: the resourceVersion the leader holds is stale, and the server says so.
        _ = try await bed.client.mergePatch(LeaderElector.leaseGVK, namespace: "default", name: bed.lease,
                                        patch: ["metadata": ["annotations": ["test.sluice.dev/touched": "yes"]]], subresource: nil)
        await #expect {
            try await bed.client.update(stale)
        } throws: { error in
            if case KubernetesError.conflict = error { return true }
            return false
        }

        // The optimistic renewal gets that 409, reads the Lease again and renews on top of the other write.
        #expect(await leader.tryAcquireOrRenew())
        let lease = try #require(try await bed.client.get(LeaderElector.leaseGVK, namespace: "default", name: bed.lease))
        #expect(lease.annotations["test.sluice.dev/touched"] == "yes")
        #expect(lease["spec", "holderIdentity"] == "leader")
        #expect(lease["spec", "leaseTransitions"] == 0)
        #expect(leader.isLeader)
    }

    @Test func candidatesRacingForOneLeaseElectOne() async throws {
        let bed = try await Bed()
        defer { bed.stop() }
        let electors = try (0..<4).map { try bed.elector("candidate-\($0)", leaseDuration: .seconds(600), renewDeadline: .seconds(30)) }
        let won = await withTaskGroup(of: Bool.self) { group in
            for elector in electors { group.addTask { await elector.tryAcquireOrRenew() } }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(won == 1)
        let holder = try #require(try await bed.record()?.holderIdentity)
        #expect(electors.filter(\.isLeader).map(\.configuration.identity) == [holder])
        // The losers, trying again, still find it held.
        for elector in electors where !elector.isLeader {
            #expect(await !elector.tryAcquireOrRenew())
        }
    }

    @Test func namespaceComesFromTheServiceAccountThenPodNamespaceThenDefault() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-sa-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(LeaderElectionOptions.defaultNamespace(environment: [:], serviceAccountDirectory: directory.path) == "default")
        #expect(LeaderElectionOptions.defaultNamespace(environment: ["POD_NAMESPACE": "from-env"], serviceAccountDirectory: directory.path) == "from-env")
        try "sluice-system\n".write(to: directory.appendingPathComponent("namespace"), atomically: true, encoding: .utf8)
        #expect(LeaderElectionOptions.defaultNamespace(environment: ["POD_NAMESPACE": "from-env"], serviceAccountDirectory: directory.path) == "sluice-system")
    }

    @Test func microTimeIsWrittenAsGoWritesIt() {
        #expect(Timestamp.microTime(Date(timeIntervalSince1970: 1_714_564_800.25)) == "2024-05-01T12:00:00.250000Z")
        #expect(Timestamp.microTime(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000000Z")
        #expect(Timestamp.microTime(Date(timeIntervalSince1970: -0.5)) == "1969-12-31T23:59:59.500000Z")
    }
}
