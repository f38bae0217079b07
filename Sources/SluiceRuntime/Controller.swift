import Logging
import ServiceLifecycle
import SluiceAPI
import SluiceCore
import SluiceKube
import SluiceStore

/// Runs a ``Reconciler`` for every object of its kind: watches, queues, reconciles, patches status, records events and metrics.
///
/// One pass over an object fetches it; on deletion runs the reconciler's
/// clean-up and removes the finalizer; adds the finalizer when missing; skips
/// a suspended object; handles `reconcile.fluxcd.io/requestedAt`; runs the
/// steps in order; derives `Ready` once; and patches status once, only when it
/// changed. Success requeues after `spec.interval` (with jitter), a stalled
/// object waits for a spec change, a waiting one retries after its delay and
/// any other failure backs off exponentially.
public final class Controller<R: Reconciler>: Service, Sendable {
    /// The reconciler.
    public let reconciler: R
    /// The Kubernetes API.
    public let api: any KubernetesAPI
    /// The shared store.
    public let store: Store?
    /// Event recorder.
    public let events: EventRecorder
    /// Metrics.
    public let metrics: ControllerMetrics
    /// Settings.
    public let settings: ControllerSettings
    /// The queue of keys to reconcile.
    public let queue: WorkQueue<ObjectKey>
    private let logger: Logger

    /// A controller for `reconciler`.
    public init(reconciler: R, api: any KubernetesAPI, store: Store?, events: EventRecorder, metrics: ControllerMetrics, settings: ControllerSettings = ControllerSettings(), logger: Logger) {
        self.reconciler = reconciler
        self.api = api
        self.store = store
        self.events = events
        self.metrics = metrics
        self.settings = settings
        self.queue = WorkQueue(backoff: settings.backoff)
        var logger = logger
        logger[metadataKey: "controller"] = "\(R.Object.kind.lowercased())"
        self.logger = logger
    }

    /// Watches and reconciles until graceful shutdown or cancellation; objects being reconciled finish first.
    public func run() async throws {
        let queue = self.queue
        let reconciler = self.reconciler
        let watcher = ResourceWatcher(api: api, gvk: R.Object.gvk, namespace: settings.namespace, logger: logger,
                                      dependents: { reconciler.dependents(of: $0, previous: $1, among: $2) }) { key in
            await queue.add(key)
        }
        logger.info("starting controller", metadata: ["workers": "\(settings.concurrency)"])
        await withTaskCancellationHandler {
            await withGracefulShutdownHandler {
                await withTaskGroup(of: Void.self) { group in
                    group.addTask { await watcher.run() }
                    for _ in 0..<max(1, settings.concurrency) {
                        group.addTask { await self.work() }
                    }
                    // Workers end when the queue shuts down (objects in progress finish first); then stop watching.
                    for _ in 0..<max(1, settings.concurrency) { await group.next() }
                    group.cancelAll()
                }
            } onGracefulShutdown: {
                Task { await queue.shutDown() }
            }
        } onCancel: {
            Task { await queue.shutDown() }
        }
        logger.info("controller stopped")
    }

    private func work() async {
        while let key = await queue.next() {
            await process(key)
            await queue.done(key)
        }
    }

    /// Reconciles `key` once and queues it again as its outcome asks.
    func process(_ key: ObjectKey) async {
        let outcome = await reconcile(key)
        switch outcome {
        case .reconciled(.success(.success), _):
            await queue.forget(key)
            if let interval = await currentInterval(key) { await queue.add(key, after: settings.jittered(interval)) }
        case .reconciled(.success(.requeue(let after)), _):
            await queue.forget(key)
            await queue.add(key, after: after)
        case .reconciled(.failure(.waiting(_, _, let retryAfter)), _):
            await queue.add(key, after: retryAfter)
        case .reconciled(.failure(.generic), _):
            if let retry = await retryInterval(key) {
                await queue.add(key, after: retry)
            } else {
                await queue.addRateLimited(key)
            }
        case .reconciled(.failure(.stalling), _), .notFound, .suspended, .finalized, .undecodable:
            await queue.forget(key)
        }
    }

    private func currentInterval(_ key: ObjectKey) async -> Duration? {
        await current(key)?.interval.duration
    }

    /// The reconciler's fixed retry delay for `key`, if it has one.
    private func retryInterval(_ key: ObjectKey) async -> Duration? {
        guard let object = await current(key) else { return nil }
        return reconciler.retryInterval(for: object)
    }

    /// The object as the API has it now, if it can be read.
    private func current(_ key: ObjectKey) async -> R.Object? {
        guard let raw = try? await api.get(R.Object.gvk, namespace: key.namespace, name: key.name) else { return nil }
        return try? raw.decode(as: R.Object.self)
    }

    /// Runs one pass over the object `key` now and reports what happened.
    public func reconcile(_ key: ObjectKey) async -> ReconcileOutcome {
        let clock = ContinuousClock()
        let started = clock.now
        var logger = self.logger
        logger[metadataKey: "name"] = "\(key.name)"
        logger[metadataKey: "namespace"] = "\(key.namespace)"
        let gvk = R.Object.gvk
        let namespace = key.namespace.isEmpty ? nil : key.namespace
        let context = ReconcileContext(api: api, store: store, events: events, logger: logger)
        do {
            guard var raw = try await api.get(gvk, namespace: namespace, name: key.name) else { return .notFound }
            var object: R.Object
            do {
                object = try raw.decode(as: R.Object.self)
            } catch {
                events.record(raw, severity: .error, reason: ConditionReason.reconciliationFailed, message: "\(error)")
                return .undecodable("\(error)")
            }

            if raw.deletionTimestamp != nil {
                guard raw.finalizers.contains(reconciler.finalizer) else { return .finalized }
                try await reconciler.finalize(object, context: context)
                let remaining = raw.finalizers.filter { $0 != reconciler.finalizer }
                _ = try await api.mergePatch(gvk, namespace: namespace, name: key.name,
                                             patch: ["metadata": ["finalizers": remaining.isEmpty ? .null : .array(remaining.map(JSONValue.string))]],
                                             subresource: nil)
                logger.info("finalized")
                return .finalized
            }
            if !raw.finalizers.contains(reconciler.finalizer) {
                let finalizers = (raw.finalizers + [reconciler.finalizer]).map(JSONValue.string)
                raw = try await api.mergePatch(gvk, namespace: namespace, name: key.name,
                                               patch: ["metadata": ["finalizers": .array(finalizers)]], subresource: nil)
                object = try raw.decode(as: R.Object.self)
            }

            metrics.recordSuspended(kind: R.Object.kind, namespace: key.namespace, name: key.name, suspended: object.isSuspended)
            if object.isSuspended {
                logger.info("reconciliation is suspended for this object")
                return .suspended
            }

            let originalStatus = try KubeObject(encoding: object)["status"] ?? .object([:])
            let generation = raw.generation ?? 0
            var conditions = Conditions(object.conditions, generation: generation)
            let previousReady = conditions.get(ConditionType.ready)
            if let requested = raw.annotations[FluxAnnotations.reconcileRequest], requested != object.lastHandledReconcileAt {
                object.lastHandledReconcileAt = requested
            }
            if object.observedGeneration != generation {
                conditions.markReconciling(message: "processing object: new generation \(object.observedGeneration ?? 0) -> \(generation)")
            }

            let result = await runSteps(on: &object, conditions: &conditions, context: context)
            let ready = reconciler.readyMessage(for: object)
            reconciler.summary.summarize(&conditions, outcome: result, successReason: ready.reason, successMessage: ready.message)
            switch result {
            case .success, .failure(.stalling): object.observedGeneration = generation
            default: break
            }
            object.conditions = conditions.items

            let newStatus = try KubeObject(encoding: object)["status"] ?? .object([:])
            if let change = MergePatch.diff(from: originalStatus, to: newStatus) {
                _ = try await api.mergePatch(gvk, namespace: namespace, name: key.name, patch: ["status": change], subresource: .status)
            }

            if case .failure(let error) = result,
                previousReady?.status != .false || previousReady?.message != error.message
            {
                events.record(raw, severity: .error, reason: error.reason, message: error.message,
                              metadata: reconciler.failureEventMetadata(for: object))
            }
            if let readyNow = conditions.get(ConditionType.ready), readyNow.status == .true,
                let metadata = reconciler.finishedEventMetadata(for: object)
            {
                // Flux's words; its duration is Go's `time.Since(start)`, its interval `spec.interval` as Go prints it.
                let message = "Reconciliation finished in \(GoDuration(clock.now - started)), next run in \(object.interval)"
                logger.info("\(message)")
                events.record(raw, severity: .info, reason: readyNow.reason, message: message, metadata: metadata)
            }
            for condition in conditions.items {
                metrics.recordCondition(kind: R.Object.kind, namespace: key.namespace, name: key.name, condition: condition)
            }
            metrics.recordDuration(kind: R.Object.kind, namespace: key.namespace, name: key.name, duration: clock.now - started)
            return .reconciled(result: result, conditions: conditions.items)
        } catch {
            // The API failed around the steps (fetch, finalizer or status patch): retry with back-off.
            logger.error("reconcile failed: \(error)")
            metrics.recordDuration(kind: R.Object.kind, namespace: key.namespace, name: key.name, duration: clock.now - started)
            return .reconciled(result: .failure(.generic(reason: ConditionReason.reconciliationFailed, message: "\(error)")), conditions: [])
        }
    }

    private func runSteps(on object: inout R.Object, conditions: inout Conditions, context: ReconcileContext) async -> Result<ReconcileResult, ReconcileError> {
        for step in reconciler.steps(for: object) {
            do {
                let result = try await step.run(&object, &conditions, context)
                if case .requeue = result { return .success(result) }
            } catch let error as ReconcileError {
                context.logger.debug("step \(step.name) failed: \(error)")
                return .failure(error)
            } catch {
                return .failure(.generic(reason: ConditionReason.reconciliationFailed, message: "\(step.name): \(error)"))
            }
        }
        return .success(.success)
    }
}
