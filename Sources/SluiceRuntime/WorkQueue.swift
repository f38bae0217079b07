/// A queue of object keys to reconcile, with client-go's guarantees.
///
/// A key is queued at most once however often it is added; a key being
/// processed is not handed to a second worker, and if it is added meanwhile it
/// is queued again when the first worker calls ``done(_:)``. Delayed adds keep
/// the earliest deadline; failures back off exponentially per key.
public actor WorkQueue<Key: Hashable & Sendable> {
    private var queue: [Key] = []
    private var head = 0
    private var dirty: Set<Key> = []
    private var processing: Set<Key> = []
    private var waiters: [CheckedContinuation<Key?, Never>] = []
    private var deadlines: [Key: ContinuousClock.Instant] = [:]
    private var failures: [Key: Int] = [:]
    private var isShutDown = false
    private let backoff: Backoff

    /// A queue that backs off failed keys by `backoff`.
    public init(backoff: Backoff = Backoff()) { self.backoff = backoff }

    /// The number of keys waiting to be handed out.
    public var count: Int { queue.count - head }

    /// Queues `key` unless it is already queued.
    public func add(_ key: Key) {
        guard !isShutDown, !dirty.contains(key) else { return }
        dirty.insert(key)
        guard !processing.contains(key) else { return }
        if let waiter = waiters.first {
            waiters.removeFirst()
            dirty.remove(key)
            processing.insert(key)
            waiter.resume(returning: key)
        } else {
            queue.append(key)
        }
    }

    /// Queues `key` after `delay`; of several pending delayed adds, the earliest wins.
    public func add(_ key: Key, after delay: Duration) {
        guard !isShutDown else { return }
        guard delay > .zero else { return add(key) }
        let deadline = ContinuousClock.now.advanced(by: delay)
        if let existing = deadlines[key], existing <= deadline { return }
        deadlines[key] = deadline
        Task { [weak self] in
            try? await Task.sleep(until: deadline, clock: .continuous)
            await self?.fire(key, deadline: deadline)
        }
    }

    private func fire(_ key: Key, deadline: ContinuousClock.Instant) {
        guard deadlines[key] == deadline else { return }
        deadlines[key] = nil
        add(key)
    }

    /// Queues `key` after its next back-off delay and returns that delay.
    @discardableResult
    public func addRateLimited(_ key: Key) -> Duration {
        let count = (failures[key] ?? 0) + 1
        failures[key] = count
        let delay = backoff.delay(failures: count)
        add(key, after: delay)
        return delay
    }

    /// How many times `key` has failed since it was last forgotten.
    public func failureCount(_ key: Key) -> Int { failures[key] ?? 0 }

    /// Resets `key`'s back-off after a success.
    public func forget(_ key: Key) { failures[key] = nil }

    /// The next key to process, waiting for one; `nil` once the queue is shut down.
    public func next() async -> Key? {
        if head < queue.count {
            let key = queue[head]
            head += 1
            if head > 1024, head * 2 > queue.count {
                queue.removeFirst(head)
                head = 0
            }
            dirty.remove(key)
            processing.insert(key)
            return key
        }
        if isShutDown { return nil }
        return await withCheckedContinuation { waiters.append($0) }
    }

    /// Marks `key` as processed; re-queues it if it was added meanwhile.
    public func done(_ key: Key) {
        processing.remove(key)
        if dirty.contains(key) {
            dirty.remove(key)
            add(key)
        }
    }

    /// Stops handing out keys: waiting and later ``next()`` calls return `nil`.
    public func shutDown() {
        isShutDown = true
        let pending = waiters
        waiters.removeAll()
        for waiter in pending { waiter.resume(returning: nil) }
    }
}
