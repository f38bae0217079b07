import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Logging
import ServiceLifecycle
import SluiceCore
import SluiceKube
import Synchronization

/// Leader election through a `coordination.k8s.io/v1` Lease, as client-go's `leaderelection` with a `LeaseLock` does it
/// (the one controller-runtime's manager, and so every Flux controller, uses).
///
/// A candidate takes the Lease when it is absent, released (no holder) or expired, and then renews it every retry
/// period; every write is a create or a `resourceVersion`-guarded update, so two candidates racing for it cannot both
/// win (the loser gets a 409 and tries again a retry period later). A Lease is expired when its record has not changed
/// for `leaseDurationSeconds` as *this* process observed it: like client-go, the elector never compares the
/// `renewTime` written by another machine with its own clock, so clock skew between nodes cannot cause two leaders.
/// A leader that fails to renew for the renew deadline has lost and must stop (``LeaderElectionLost``); a leader that
/// stops cleanly releases the Lease (no holder, `leaseDurationSeconds: 1`) so a standby takes over at once.
public final class LeaderElector: Sendable {
    /// What to elect on and how fast.
    public struct Configuration: Sendable {
        /// The Lease's namespace.
        public var namespace: String
        /// The Lease's name, such as `source-controller-leader-election`.
        public var name: String
        /// This candidate's identity, written as `spec.holderIdentity` (`hostname_uuid`, as controller-runtime's).
        public var identity: String
        /// How long others wait after the last observed renewal before taking over.
        public var leaseDuration: Duration
        /// How long the leader keeps retrying a failed renewal before it gives up leadership.
        public var renewDeadline: Duration
        /// How long candidates wait between attempts, and the leader between renewals.
        public var retryPeriod: Duration
        /// Whether a leader that stops cleanly releases the Lease (`--leader-election-release-on-cancel`).
        public var releaseOnCancel: Bool

        /// A configuration with Flux's durations (35s, 30s, 5s).
        public init(namespace: String, name: String, identity: String = LeaderElector.defaultIdentity(),
                    leaseDuration: Duration = .seconds(35), renewDeadline: Duration = .seconds(30), retryPeriod: Duration = .seconds(5),
                    releaseOnCancel: Bool = true)
        {
            self.namespace = namespace
            self.name = name
            self.identity = identity
            self.leaseDuration = leaseDuration
            self.renewDeadline = renewDeadline
            self.retryPeriod = retryPeriod
            self.releaseOnCancel = releaseOnCancel
        }

        /// `namespace/name`.
        public var lease: String { "\(namespace)/\(name)" }

        /// What is wrong with these durations, as client-go checks them, or `nil`.
        ///
        /// The lease must outlast the renew deadline (or a standby could take over from a leader still trying to renew),
        /// the deadline must leave room for a jittered retry, and the lease is written in whole seconds.
        public static func problem(leaseDuration: Duration, renewDeadline: Duration, retryPeriod: Duration) -> String? {
            if retryPeriod <= .zero { return "the retry period must be positive, got \(retryPeriod)" }
            if leaseDuration < .seconds(1) { return "the lease duration must be at least 1s (it is written in whole seconds), got \(leaseDuration)" }
            if leaseDuration <= renewDeadline {
                return "the lease duration (\(leaseDuration)) must be longer than the renew deadline (\(renewDeadline))"
            }
            if renewDeadline <= retryPeriod * LeaderElector.jitterFactor {
                return "the renew deadline (\(renewDeadline)) must be longer than \(LeaderElector.jitterFactor) × the retry period (\(retryPeriod))"
            }
            return nil
        }
    }

    /// The Lease kind.
    static let leaseGVK = GroupVersionKind(group: "coordination.k8s.io", version: "v1", kind: "Lease")
    /// How much candidates spread their attempts: up to this many retry periods more (client-go's `JitterFactor`).
    static let jitterFactor = 1.2

    /// What is elected on and how fast.
    public let configuration: Configuration
    private let client: KubernetesClient
    private let metrics: ControllerMetrics?
    private let logger: Logger
    private let state = Mutex(State())

    /// What the elector last saw of the Lease.
    struct State {
        /// The Lease as last read or written: its `resourceVersion` guards the next update.
        var lease: KubeObject?
        /// The record last observed, and when (on this process's clock): the basis of expiry.
        var observed: LeaseRecord?
        var observedAt: ContinuousClock.Instant?
        /// Whether ``run(whileLeading:)`` holds leadership (renewing rather than waiting).
        var leading = false
        /// The holder last reported as "waiting for … held by", so that the line is logged once per holder.
        var reportedHolder: String?
        /// How many times ``tryAcquireOrRenew()`` ran.
        var attempts = 0
    }

    /// An elector writing the Lease through `client` (give it a client of its own, as controller-runtime does, so
    /// renewals never queue behind the controllers' requests in the rate limiter).
    public init(client: KubernetesClient, configuration: Configuration, metrics: ControllerMetrics? = nil, logger: Logger) {
        self.client = client
        self.configuration = configuration
        self.metrics = metrics
        var logger = logger
        logger[metadataKey: "lease"] = "\(configuration.lease)"
        self.logger = logger
    }

    /// `hostname_uuid`, as controller-runtime makes a candidate's identity.
    public static func defaultIdentity() -> String {
        var name = [CChar](repeating: 0, count: 256)
        let host = gethostname(&name, name.count) == 0 ? String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) : ""
        return "\(host.isEmpty ? "localhost" : host)_\(UUID().uuidString.lowercased())"
    }

    /// Whether this candidate holds the Lease, as last observed.
    public var isLeader: Bool { state.withLock { $0.observed?.holderIdentity == configuration.identity } }

    /// How many attempts to acquire or renew were made (for tests: "the standby tried and still waits").
    var attempts: Int { state.withLock { $0.attempts } }

    // MARK: Running

    /// Waits for the Lease, runs `lead` while holding it, and releases it when `lead` ends.
    ///
    /// Returns without running `lead` on graceful shutdown or cancellation while waiting. While leading, the Lease is
    /// renewed beside `lead`; when `lead` returns or throws (a clean stop) the Lease is released (when configured)
    /// and its error rethrown.
    ///
    /// - Throws: ``LeaderElectionLost`` when a renewal did not succeed within the renew deadline; `lead` is
    ///   cancelled first. Otherwise what `lead` throws.
    public func run(whileLeading lead: @escaping @Sendable () async throws -> Void) async throws {
        metrics?.recordLeader(lease: configuration.name, leading: false)
        let acquired = await cancelWhenGracefulShutdown { await self.acquire() }
        guard acquired else { return }
        state.withLock { $0.leading = true }
        logger.info("acquired lease \(configuration.lease)", metadata: ["identity": "\(configuration.identity)"])
        metrics?.recordLeader(lease: configuration.name, leading: true)
        Task { await self.recordEvent("became leader") }

        let ending = await withTaskGroup(of: Ending.self) { group in
            group.addTask {
                do {
                    try await lead()
                    return .stopped(nil)
                } catch {
                    return .stopped(error)
                }
            }
            group.addTask { await self.renewUntilLost() ? .lost : .cancelled }
            let first = await group.next() ?? .cancelled
            group.cancelAll()
            while await group.next() != nil {}
            return first
        }
        state.withLock { $0.leading = false }
        metrics?.recordLeader(lease: configuration.name, leading: false)
        // Released, and the event recorded, from a task of their own: a cancelled task's requests would fail at once.
        let release = configuration.releaseOnCancel
        await Task {
            if ending.isLost {
                self.logger.error("leader election lost", metadata: ["identity": "\(self.configuration.identity)"])
            } else if release {
                await self.release()
            }
            await self.recordEvent("stopped leading")
        }.value
        switch ending {
        case .lost: throw LeaderElectionLost(lease: configuration.lease)
        case .stopped(let error): if let error { throw error }
        case .cancelled: throw CancellationError()
        }
    }

    /// How a leading phase ended.
    private enum Ending: Sendable {
        /// The work returned, or threw this.
        case stopped((any Error)?)
        /// Renewal failed until the renew deadline.
        case lost
        /// The whole run was cancelled.
        case cancelled

        var isLost: Bool {
            if case .lost = self { return true }
            return false
        }
    }

    /// Tries every retry period (with jitter) until the Lease is ours; `false` when cancelled first.
    func acquire() async -> Bool {
        while !Task.isCancelled {
            if await tryAcquireOrRenew() { return true }
            let jittered = configuration.retryPeriod * (1 + Double.random(in: 0..<Self.jitterFactor))
            do { try await Task.sleep(for: jittered) } catch { return false }
        }
        return false
    }

    /// Renews every retry period; `true` when a renewal kept failing until the renew deadline, `false` when cancelled.
    func renewUntilLost() async -> Bool {
        let clock = ContinuousClock()
        while true {
            do { try await Task.sleep(for: configuration.retryPeriod) } catch { return false }
            let deadline = clock.now + configuration.renewDeadline
            while true {
                let renewed = await Self.withTimeout(deadline - clock.now) { await self.tryAcquireOrRenew() } ?? false
                if Task.isCancelled { return false }
                if renewed { break }
                do { try await Task.sleep(for: configuration.retryPeriod) } catch { return false }
                if clock.now >= deadline {
                    logger.info("failed to renew lease \(configuration.lease): timed out after \(configuration.renewDeadline)")
                    return true
                }
            }
        }
    }

    /// Runs `operation`, giving up (and cancelling it) after `timeout`.
    static func withTimeout<T: Sendable>(_ timeout: Duration, _ operation: @escaping @Sendable () async -> T) async -> T? {
        guard timeout > .zero else { return nil }
        return await withTaskGroup(of: T?.self) { group in
            group.addTask { await operation() }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }

    // MARK: One attempt

    /// One attempt to acquire or renew the Lease, as client-go's `tryAcquireOrRenew`; `true` when this candidate holds it after.
    ///
    /// 1. A leader whose lease is still valid updates optimistically with the `resourceVersion` it last saw; on any
    ///    failure (a 409 when someone else wrote in between) it falls back to:
    /// 2. reading the Lease, creating it when absent;
    /// 3. leaving it alone when someone else holds it and it has not expired;
    /// 4. otherwise writing it (renewing, or taking over with `leaseTransitions` + 1), guarded by the `resourceVersion`
    ///    just read: losing a race is a 409 and `false`, and the next attempt starts again from 2.
    func tryAcquireOrRenew() async -> Bool {
        let now = Date()
        let clockNow = ContinuousClock.now
        let identity = configuration.identity
        var record = LeaseRecord(holderIdentity: identity, leaseDurationSeconds: configuration.leaseDuration.components.seconds,
                                 acquireTime: Timestamp.microTime(now), renewTime: Timestamp.microTime(now), leaseTransitions: 0)
        let before = state.withLock { state in
            state.attempts += 1
            return state
        }

        if before.observed?.holderIdentity == identity, Self.isValid(before, at: clockNow), let observed = before.observed, let lease = before.lease {
            record.acquireTime = observed.acquireTime
            record.leaseTransitions = observed.leaseTransitions
            do {
                try await write(record, over: lease)
                return true
            } catch {
                logger.debug("failed to update lease optimistically, falling back to reading it", metadata: ["error": "\(error)"])
            }
        }

        let current: KubeObject
        do {
            guard let found = try await client.get(Self.leaseGVK, namespace: configuration.namespace, name: configuration.name) else {
                do {
                    var lease = KubeObject(apiVersion: Self.leaseGVK.apiVersion, kind: Self.leaseGVK.kind,
                                           name: configuration.name, namespace: configuration.namespace)
                    lease["spec"] = record.spec
                    let created = try await client.create(lease)
                    observe(record, lease: created, at: clockNow)
                    return true
                } catch {
                    logger.log(level: Self.isConflict(error) ? .debug : .error, "error initially creating lease \(configuration.lease)",
                               metadata: ["error": "\(error)"])
                    return false
                }
            }
            current = found
        } catch {
            logger.error("error retrieving lease \(configuration.lease)", metadata: ["error": "\(error)"])
            return false
        }

        let old = LeaseRecord(spec: current["spec"])
        let seen = state.withLock { state in
            state.lease = current
            if state.observed != old {
                state.observed = old
                state.observedAt = clockNow
            }
            return state
        }
        let leader = old.holderIdentity == identity
        if !old.holderIdentity.isEmpty, Self.isValid(seen, at: clockNow), !leader {
            reportWaiting(for: old.holderIdentity, leading: seen.leading)
            return false
        }

        if leader {
            record.acquireTime = old.acquireTime
            record.leaseTransitions = old.leaseTransitions
        } else {
            record.leaseTransitions = old.leaseTransitions + 1
        }
        do {
            try await write(record, over: current)
            return true
        } catch {
            logger.log(level: Self.isConflict(error) ? .debug : .error, "failed to update lease \(configuration.lease)",
                       metadata: ["error": "\(error)"])
            return false
        }
    }

    /// Releases the Lease when this candidate holds it: no holder and a one-second duration, so a standby takes over
    /// at its next attempt (client-go's `release`); `true` when it is not ours (any more) or was released.
    @discardableResult
    func release() async -> Bool {
        await Self.withTimeout(configuration.renewDeadline) { await self.releaseNow() } ?? false
    }

    private func releaseNow() async -> Bool {
        guard isLeader else { return true }
        let current: KubeObject
        do {
            guard let found = try await client.get(Self.leaseGVK, namespace: configuration.namespace, name: configuration.name) else { return true }
            current = found
        } catch {
            logger.error("failed to release lease \(configuration.lease)", metadata: ["error": "\(error)"])
            return false
        }
        let old = LeaseRecord(spec: current["spec"])
        // Someone else took it (this leader is about to learn it lost): theirs is not ours to clear.
        guard old.holderIdentity == configuration.identity else { return true }
        let now = Timestamp.microTime(Date())
        let released = LeaseRecord(holderIdentity: "", leaseDurationSeconds: 1, acquireTime: now, renewTime: now,
                                   leaseTransitions: old.leaseTransitions)
        do {
            try await write(released, over: current)
            logger.info("released lease \(configuration.lease)", metadata: ["identity": "\(configuration.identity)"])
            return true
        } catch {
            logger.error("failed to release lease \(configuration.lease)", metadata: ["error": "\(error)"])
            return false
        }
    }

    /// Records a Kubernetes Event on the Lease, `<identity> became leader` or `<identity> stopped leading`, as client-go
    /// does (reason `LeaderElection`, from the candidate's identity): `kubectl get events` shows who leads. Best effort,
    /// and given at most 5s, so that an unreachable API server does not hold up a process that lost its lease.
    private func recordEvent(_ what: String) async {
        let now = Date()
        let lease = state.withLock { $0.lease }
        var event = KubeObject(apiVersion: "v1", kind: "Event", name: "\(configuration.name).\(String(UInt64(now.timeIntervalSince1970 * 1e9), radix: 16))",
                               namespace: configuration.namespace)
        var involved: JSONObject = ["apiVersion": .string(Self.leaseGVK.apiVersion), "kind": .string(Self.leaseGVK.kind),
                                    "namespace": .string(configuration.namespace), "name": .string(configuration.name)]
        if let uid = lease?.uid { involved["uid"] = .string(uid) }
        if let resourceVersion = lease?.resourceVersion { involved["resourceVersion"] = .string(resourceVersion) }
        event["involvedObject"] = .object(involved)
        event["reason"] = "LeaderElection"
        event["message"] = .string("\(configuration.identity) \(what)")
        event["type"] = "Normal"
        event["source"] = ["component": .string(configuration.identity)]
        event["firstTimestamp"] = .string(Timestamp.rfc3339(now))
        event["lastTimestamp"] = .string(Timestamp.rfc3339(now))
        event["count"] = 1
        let (client, recordedEvent) = (self.client, event)
        let recorded = await Self.withTimeout(min(configuration.renewDeadline, .seconds(5))) { () -> Bool in
            (try? await client.create(recordedEvent)) != nil
        }
        if recorded != true { logger.debug("could not record the leader election event", metadata: ["event": "\(what)"]) }
    }

    // MARK: State

    /// Replaces the Lease's spec with `record`, guarded by `lease`'s `resourceVersion`, and remembers what was written.
    private func write(_ record: LeaseRecord, over lease: KubeObject) async throws {
        var lease = lease
        lease["spec"] = record.spec
        let updated = try await client.update(lease)
        observe(record, lease: updated, at: ContinuousClock.now)
    }

    private func observe(_ record: LeaseRecord, lease: KubeObject, at instant: ContinuousClock.Instant) {
        state.withLock { state in
            state.lease = lease
            state.observed = record
            state.observedAt = instant
            state.reportedHolder = nil
        }
    }

    /// Whether the observed record has not yet expired: observed less than its `leaseDurationSeconds` ago.
    private static func isValid(_ state: State, at instant: ContinuousClock.Instant) -> Bool {
        guard let observed = state.observed, let observedAt = state.observedAt else { return false }
        return observedAt + .seconds(max(observed.leaseDurationSeconds, 0)) > instant
    }

    private func reportWaiting(for holder: String, leading: Bool) {
        let report = state.withLock { state -> Bool in
            guard state.reportedHolder != holder else { return false }
            state.reportedHolder = holder
            return true
        }
        guard report else { return }
        if leading {
            logger.warning("lease \(configuration.lease) is held by \(holder)", metadata: ["identity": "\(configuration.identity)"])
        } else {
            logger.info("waiting for leader election lease \(configuration.lease) held by \(holder)",
                        metadata: ["identity": "\(configuration.identity)"])
        }
    }

    private static func isConflict(_ error: any Error) -> Bool {
        if case KubernetesError.conflict = error { return true }
        return false
    }
}
