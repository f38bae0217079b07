import Logging
import SluiceCore

/// Keeps a cache of one kind's objects in step with the API server: list, then watch, forever.
///
/// It lists every page, then watches from the list's resource version with
/// bookmarks. A watch that ends cleanly (server timeout) is resumed from the
/// last resource version; ``KubernetesError/gone(_:)`` causes a fresh list
/// (reporting what changed meanwhile, deletions included); other errors are
/// retried with exponential back-off. Changes go to handlers, in order, and to
/// every ``changes()`` stream.
public actor Informer {
    /// Lists and watches; the client by default, a double in tests.
    public struct Source: Sendable {
        /// Lists every page.
        public var list: @Sendable () async throws -> ObjectList
        /// Watches from a resource version.
        public var watch: @Sendable (String) -> AsyncThrowingStream<WatchEvent, any Error>

        /// A source made of two closures.
        public init(list: @escaping @Sendable () async throws -> ObjectList,
                    watch: @escaping @Sendable (String) -> AsyncThrowingStream<WatchEvent, any Error>)
        {
            self.list = list
            self.watch = watch
        }
    }

    private let source: Source
    private let logger: Logger
    private let initialBackoff: Duration
    private let maxBackoff: Duration
    private var cache: [String: KubeObject] = [:]
    private var handlers: [@Sendable (InformerChange) async -> Void] = []
    private var subscribers: [Int: AsyncStream<InformerChange>.Continuation] = [:]
    private var nextSubscriber = 0
    private var syncWaiters: [CheckedContinuation<Void, Never>] = []
    private var runner: Task<Void, Never>?

    /// Whether the first list has been loaded into the cache.
    public private(set) var hasSynced = false
    /// The resource version the cache is at.
    public private(set) var resourceVersion = ""
    /// How many times the informer has listed (1 after the first sync; more after `410 Gone`).
    public private(set) var listCount = 0

    /// An informer over `source`.
    public init(source: Source, logger: Logger = Logger(label: "sluice.informer"),
                initialBackoff: Duration = .milliseconds(200), maxBackoff: Duration = .seconds(30))
    {
        self.source = source
        self.logger = logger
        self.initialBackoff = initialBackoff
        self.maxBackoff = maxBackoff
    }

    /// An informer over one kind (in one namespace, or all), optionally only objects matching a label selector.
    public init(client: KubernetesClient, gvk: GroupVersionKind, namespace: String? = nil, labelSelector: String? = nil,
                logger: Logger = Logger(label: "sluice.informer"))
    {
        self.init(source: Source(
            list: { try await client.listAll(gvk, namespace: namespace, labelSelector: labelSelector) },
            watch: { rv in client.watch(gvk, namespace: namespace, resourceVersion: rv, labelSelector: labelSelector, allowBookmarks: true) }),
            logger: logger)
    }

    /// An informer over any ``KubernetesAPI`` (a test double included): lists all pages, watches with its defaults.
    public init(api: any KubernetesAPI, gvk: GroupVersionKind, namespace: String? = nil, logger: Logger = Logger(label: "sluice.informer")) {
        self.init(source: Source(
            list: { try await api.list(gvk, namespace: namespace) },
            watch: { rv in api.watch(gvk, namespace: namespace, resourceVersion: rv) }),
            logger: logger)
    }

    /// Calls `handler` for every change, in order (register before ``start()`` to see the initial adds).
    public func addHandler(_ handler: @escaping @Sendable (InformerChange) async -> Void) {
        handlers.append(handler)
    }

    /// A stream of every change from now on; it ends when the informer stops.
    public func changes() -> AsyncStream<InformerChange> {
        let (stream, continuation) = AsyncStream<InformerChange>.makeStream()
        let id = nextSubscriber
        nextSubscriber += 1
        subscribers[id] = continuation
        continuation.onTermination = { _ in Task { await self.unsubscribe(id) } }
        return stream
    }

    private func unsubscribe(_ id: Int) { subscribers[id] = nil }

    /// Starts listing and watching in the background.
    public func start() {
        guard runner == nil else { return }
        runner = Task { await self.run() }
    }

    /// Stops the background work and ends the change streams.
    public func stop() {
        runner?.cancel()
        runner = nil
        for continuation in subscribers.values { continuation.finish() }
        subscribers = [:]
    }

    /// Returns once the first list is in the cache.
    public func waitForSync() async {
        if hasSynced { return }
        await withCheckedContinuation { syncWaiters.append($0) }
    }

    /// The cached object.
    public func get(namespace: String?, name: String) -> KubeObject? { cache[Self.key(namespace, name)] }

    /// Every cached object, by namespace and name.
    public func objects() -> [KubeObject] { cache.keys.sorted().map { cache[$0]! } }

    /// Lists and watches until cancelled.
    public func run() async {
        var backoff = initialBackoff
        var needsList = true
        while !Task.isCancelled {
            do {
                if needsList {
                    try await relist()
                    needsList = false
                }
                var received = false
                for try await event in source.watch(resourceVersion) {
                    await apply(event)
                    received = true
                    backoff = initialBackoff
                }
                // A clean end (server-side timeout): resume from where we are, pausing first
                // when the watch ended at once so a server that keeps closing it is not hammered.
                if !received { try? await Task.sleep(for: initialBackoff) }
            } catch KubernetesError.gone(let message) {
                logger.info("watch expired; listing again", metadata: ["reason": "\(message)"])
                needsList = true
            } catch {
                if Task.isCancelled { break }
                logger.warning("list/watch failed; retrying", metadata: ["error": "\(error)", "backoff": "\(backoff)"])
                try? await Task.sleep(for: backoff)
                backoff = min(backoff * 2, maxBackoff)
            }
        }
    }

    private func relist() async throws {
        let list = try await source.list()
        listCount += 1
        var fresh: [String: KubeObject] = [:]
        for object in list.items { fresh[Self.key(object.namespace, object.name)] = object }
        let old = cache
        cache = fresh
        resourceVersion = list.resourceVersion
        for key in fresh.keys.sorted() {
            let object = fresh[key]!
            if let previous = old[key] {
                if previous.resourceVersion != object.resourceVersion { await emit(.updated(old: previous, new: object)) }
            } else {
                await emit(.added(object))
            }
        }
        for key in old.keys.sorted() where fresh[key] == nil { await emit(.deleted(old[key]!)) }
        if !hasSynced {
            hasSynced = true
            for waiter in syncWaiters { waiter.resume() }
            syncWaiters = []
        }
    }

    private func apply(_ event: WatchEvent) async {
        let object = event.object
        if let rv = object.resourceVersion, !rv.isEmpty { resourceVersion = rv }
        let key = Self.key(object.namespace, object.name)
        switch event.type {
        case .bookmark:
            return
        case .added, .modified:
            let previous = cache[key]
            cache[key] = object
            if let previous {
                await emit(.updated(old: previous, new: object))
            } else {
                await emit(.added(object))
            }
        case .deleted:
            cache[key] = nil
            await emit(.deleted(object))
        }
    }

    private func emit(_ change: InformerChange) async {
        for handler in handlers { await handler(change) }
        for continuation in subscribers.values { continuation.yield(change) }
    }

    private static func key(_ namespace: String?, _ name: String) -> String { "\(namespace ?? "")/\(name)" }
}
