import Foundation
import Logging
import ServiceLifecycle
import SluiceAPI
import SluiceCore
import SluiceKube
import SluiceRuntime
import SluiceStore
import Synchronization

/// Reads events from the shared store with a durable cursor, matches them against Alerts and hands them to each Provider's queue.
///
/// Delivery is at least once: the cursor moves past an event only when every delivery of it finished — delivered, or failed for
/// good and recorded — so a restart resumes with the first unfinished event. Each Provider has its own queue, so a slow or failing
/// one holds up only itself; repeats of an event within ``rateLimit`` are dropped (Flux's `--rate-limit-interval`).
public final class EventDispatcher: Service, Sendable {
    /// The cursor's consumer name in the store.
    public let consumer: String
    /// How long an event suppresses its repeats.
    public let rateLimit: Duration
    /// How often to look for new events when there were none.
    public let pollInterval: Duration
    /// How many delivery records are kept; older ones are pruned now and then.
    public let deliveriesKept: Int
    /// How long and how many handled events are kept in the store; the dispatcher prunes them as their consumer.
    public let retention: EventRetention
    /// Whether an Alert takes only events of its own namespace (`--no-cross-namespace-refs`).
    public let noCrossNamespaceRefs: Bool
    private let events: EventRecorder?
    private let reportedAlerts = Mutex(Set<String>())
    private let api: any KubernetesAPI
    private let store: Store
    private let policy: DeliveryPolicy
    private let metrics: DeliveryMetrics?
    private let logger: Logger

    /// A dispatcher over `store`, reading Alerts and Providers through `api`.
    public init(api: any KubernetesAPI, store: Store, consumer: String = "notification-controller", rateLimit: Duration = .seconds(300),
                policy: DeliveryPolicy = DeliveryPolicy(), pollInterval: Duration = .milliseconds(100), deliveriesKept: Int = 10_000,
                retention: EventRetention = EventRetention(), noCrossNamespaceRefs: Bool = false, events: EventRecorder? = nil,
                metrics: DeliveryMetrics? = nil, logger: Logger)
    {
        self.api = api
        self.store = store
        self.consumer = consumer
        self.rateLimit = rateLimit
        self.policy = policy
        self.pollInterval = pollInterval
        self.deliveriesKept = deliveriesKept
        self.retention = retention
        self.noCrossNamespaceRefs = noCrossNamespaceRefs
        self.events = events
        self.metrics = metrics
        var logger = logger
        logger[metadataKey: "component"] = "event-dispatcher"
        self.logger = logger
    }

    /// Dispatches until graceful shutdown or cancellation; unfinished deliveries are left for the next start.
    public func run() async throws {
        let tracker = CursorTracker(cursor: try store.cursor(consumer: consumer))
        let client = DeliveryClient(policy: policy, logger: logger)
        let duplicates = DuplicateFilter(interval: rateLimit)
        logger.info("dispatching events", metadata: ["cursor": "\(tracker.lastRead)"])
        await withTaskGroup(of: Void.self) { group in
            var workers: [String: ProviderWorker] = [:]
            let stopping = Mutex(false)
            await withGracefulShutdownHandler {
                var committed = tracker.lastRead
                var lastPrune: ContinuousClock.Instant?
                while !Task.isCancelled && !stopping.withLock({ $0 }) {
                    do {
                        let events = try self.store.events(after: tracker.lastRead, limit: 500)
                        if !events.isEmpty {
                            let routes = try await self.routes(for: events, duplicates: duplicates)
                            for (event, jobs) in zip(events, routes) {
                                tracker.read(event.id ?? 0, deliveries: jobs.count)
                                for job in jobs {
                                    let worker: ProviderWorker
                                    if let existing = workers[job.provider] {
                                        worker = existing
                                    } else {
                                        worker = ProviderWorker()
                                        workers[job.provider] = worker
                                        group.addTask { await worker.run { await self.deliver($0, client: client, tracker: tracker) } }
                                    }
                                    worker.enqueue(job)
                                }
                            }
                        }
                        committed = try self.commit(tracker, after: committed)
                        if lastPrune.map({ ContinuousClock.now - $0 >= self.retention.interval }) ?? true {
                            lastPrune = ContinuousClock.now
                            try self.prune()
                        }
                        if events.isEmpty || tracker.pendingCount > 5_000 { try await Task.sleep(for: self.pollInterval) }
                    } catch is CancellationError {
                        break
                    } catch {
                        self.logger.error("dispatching events failed: \(error)")
                        try? await Task.sleep(for: self.pollInterval * 10)
                    }
                }
            } onGracefulShutdown: {
                stopping.withLock { $0 = true }
            }
            group.cancelAll()
            for worker in workers.values { worker.finish() }
            await group.waitForAll()
            _ = try? self.commit(tracker, after: -1)
        }
        await client.shutdown()
        logger.info("event dispatcher stopped", metadata: ["cursor": "\(tracker.committable)"])
    }

    /// Prunes delivery records, and the events every consumer has handled that the retention lets go.
    private func prune() throws {
        try store.pruneDeliveries(keepingNewest: deliveriesKept)
        let age = Double(retention.maxAge.components.seconds) + Double(retention.maxAge.components.attoseconds) / 1e18
        let pruned = try store.pruneEvents(olderThan: Date(timeIntervalSinceNow: -age), keepingNewest: retention.maxCount,
                                           hardLimit: retention.hardLimit)
        if pruned.deletedUnhandled > 0 {
            logger.warning("the event log is over its hard limit: deleted events not every consumer had handled",
                           metadata: ["deleted": "\(pruned.deletedUnhandled)", "limit": "\(retention.hardLimit)"])
        }
        if pruned.deleted > 0 { logger.debug("pruned events", metadata: ["deleted": "\(pruned.deleted)"]) }
    }

    /// Moves the stored cursor to what the tracker allows, when it moved.
    private func commit(_ tracker: CursorTracker, after committed: Int64) throws -> Int64 {
        let position = tracker.committable
        if position > committed { try store.setCursor(consumer: consumer, to: position) }
        return max(position, committed)
    }

    /// The deliveries each event makes, in order.
    func routes(for events: [Event], duplicates: DuplicateFilter) async throws -> [[DeliveryJob]] {
        let alerts = try await api.list(Alert.gvk, namespace: nil).items.compactMap { raw -> AlertMatcher? in
            do {
                let matcher = AlertMatcher(try raw.decode(as: Alert.self))
                reportInvalidPatterns(of: matcher, raw: raw)
                return matcher
            } catch {
                logger.error("skipping alert \(raw.displayName): \(error)")
                return nil
            }
        }
        let providers = Dictionary(try await api.list(Provider.gvk, namespace: nil).items.compactMap { raw -> (String, Provider)? in
            guard let provider = try? raw.decode(as: Provider.self) else { return nil }
            return ("\(provider.metadata.namespace ?? "")/\(provider.metadata.name)", provider)
        }, uniquingKeysWith: { first, _ in first })
        var targets: [String: Result<(settings: ProviderSettings, provider: any NotificationProvider), any Error>] = [:]
        var labels: [String: [String: String]] = [:]
        var routes: [[DeliveryJob]] = []
        for stored in events {
            var jobs: [DeliveryJob] = []
            let event = stored.keepingAlertMetadata()
            if event.severity != .trace, !alerts.isEmpty, duplicates.admit(event) {
                let event = event.withoutInternalMetadata()
                let object = event.involvedObject
                let objectKey = "\(object.apiVersion)/\(object.kind)/\(object.namespace ?? "")/\(object.name)"
                for matcher in alerts {
                    var objectLabels: [String: String]?
                    if matcher.needsLabels {
                        if labels[objectKey] == nil {
                            let raw = try? await api.get(GroupVersionKind(apiVersion: object.apiVersion, kind: object.kind),
                                                         namespace: object.namespace, name: object.name)
                            labels[objectKey] = raw?.labels ?? [:]
                        }
                        objectLabels = labels[objectKey]
                    }
                    guard matcher.matches(event, labels: objectLabels) else { continue }
                    let alertNamespace = matcher.alert.metadata.namespace ?? "default"
                    if noCrossNamespaceRefs && (object.namespace ?? "") != alertNamespace {
                        // Flux's words (notification-controller's event server).
                        let source = "\(object.kind)/\(object.namespace.map { "\($0)/" } ?? "")\(object.name)"
                        logger.error("discarding event, access denied to cross-namespace sources: alert '\(alertNamespace)/\(matcher.alert.metadata.name)' can't process event from '\(source)', cross-namespace references have been blocked")
                        continue
                    }
                    let providerKey = "\(alertNamespace)/\(matcher.alert.spec.providerRef.name)"
                    let alertKey = "\(alertNamespace)/\(matcher.alert.metadata.name)"
                    guard let provider = providers[providerKey] else {
                        logger.error("alert \(alertKey) refers to a missing provider \(providerKey)")
                        continue
                    }
                    if provider.spec.suspend == true { continue }
                    guard ProviderRegistry.takes(event, type: provider.spec.type) else { continue }
                    if targets[providerKey] == nil {
                        do {
                            let settings = try await ProviderSettings.load(provider, api: api)
                            targets[providerKey] = .success((settings, try ProviderRegistry.provider(for: settings)))
                        } catch {
                            targets[providerKey] = .failure(error)
                        }
                    }
                    jobs.append(DeliveryJob(event: matcher.enrich(event), eventID: event.id ?? 0, alert: alertKey, provider: providerKey,
                                            providerType: provider.spec.type, target: targets[providerKey]!))
                }
            }
            routes.append(jobs)
        }
        return routes
    }

    /// Reports each pattern of an Alert that does not compile, once per generation: a log line and a Warning event
    /// `InvalidConfig` on the Alert, as Flux does (v1beta3 Alerts have no status to hold a condition).
    private func reportInvalidPatterns(of matcher: AlertMatcher, raw: KubeObject) {
        guard !matcher.invalidPatterns.isEmpty else { return }
        let key = "\(raw.uid ?? raw.displayName)@\(raw.generation ?? 0)"
        guard reportedAlerts.withLock({ $0.insert(key).inserted }) else { return }
        for problem in matcher.invalidPatterns {
            logger.error("alert \(raw.displayName): \(problem)")
            events?.record(raw, severity: .error, reason: "InvalidConfig", message: problem)
        }
    }

    /// Delivers one job, records the outcome and tells the tracker.
    private func deliver(_ job: DeliveryJob, client: DeliveryClient, tracker: CursorTracker) async {
        let started = ContinuousClock.now
        var result: DeliveryResult
        switch job.target {
        case .failure(let error):
            result = DeliveryResult(outcome: .failed, attempts: 0, error: "\(error)")
        case .success(let target):
            do {
                if let request = try target.provider.request(for: job.event) {
                    result = await client.send(request, settings: target.settings)
                } else {
                    result = DeliveryResult(outcome: .skipped, attempts: 0, error: "nothing to send for this event")
                }
            } catch {
                result = DeliveryResult(outcome: .failed, attempts: 0, error: "\(error)")
            }
        }
        if Task.isCancelled && result.outcome == .failed { return }
        do {
            try store.recordDelivery(Delivery(eventID: job.eventID, alert: job.alert, provider: job.provider, providerType: job.providerType,
                                              outcome: result.outcome, attempts: result.attempts, statusCode: result.statusCode,
                                              error: result.error))
        } catch {
            logger.error("recording a delivery failed: \(error)")
        }
        metrics?.record(providerType: job.providerType, outcome: result.outcome, duration: ContinuousClock.now - started)
        if result.outcome == .failed {
            logger.error("delivery failed", metadata: ["provider": "\(job.provider)", "alert": "\(job.alert)", "event": "\(job.eventID)",
                                                       "error": "\(result.error ?? "")"])
        }
        tracker.finished(job.eventID)
    }
}
