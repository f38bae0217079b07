import SluiceCore

/// Recent committed changes (a ring to replay watches from) and the watches to tell about new ones.
///
/// Owned by ``Cluster``; not thread-safe on its own. Each watch's stream holds at most
/// ``APIResponder/watchBufferLimit`` events: a watch whose client falls further behind is closed, as
/// Kubernetes closes an unresponsive watcher, and its client watches again from the last version it saw.
struct WatchHub {
    /// One change to one object.
    struct Change: Sendable {
        var resourceVersion: Int64
        var resource: String
        var namespace: String?
        var type: String
        var object: JSONValue
        var oldObject: JSONValue?
    }

    /// A watching connection and what it wants.
    struct Subscriber {
        var resource: String
        var namespace: String?
        var labels: LabelSelector
        var fields: FieldSelector
        /// Changes at or below this resource version are already in what the watch sent first.
        var after: Int64
        var continuation: AsyncStream<WatchMessage>.Continuation
    }

    let capacity: Int
    private(set) var history: [Change] = []
    /// Watches from a resource version below this get 410 Gone.
    private(set) var floor: Int64
    private var subscribers: [Int: Subscriber] = [:]
    private var nextID = 0

    init(capacity: Int, floor: Int64) {
        self.capacity = capacity
        self.floor = floor
    }

    /// Records `change` and delivers it to matching watches; closes those that fell too far behind.
    ///
    /// - Returns: how many watches were closed for falling behind.
    @discardableResult
    mutating func publish(_ change: Change) -> Int {
        history.append(change)
        if history.count > capacity + capacity / 4 {
            let drop = history.count - capacity
            floor = history[drop - 1].resourceVersion
            history.removeFirst(drop)
        }
        var behind: [Int] = []
        for (id, subscriber) in subscribers {
            guard let message = Self.message(for: change, to: subscriber) else { continue }
            if case .dropped = subscriber.continuation.yield(message) { behind.append(id) }
        }
        // The client reads what was buffered, then sees the end and watches again from its last resource version.
        for id in behind { unsubscribe(id) }
        return behind.count
    }

    /// Adds a watch; returns its id.
    mutating func subscribe(_ subscriber: Subscriber) -> Int {
        nextID += 1
        subscribers[nextID] = subscriber
        return nextID
    }

    /// Sends a bookmark at `resourceVersion` to watch `id`, in order with its events; closes it when it is too far behind.
    mutating func bookmark(_ id: Int, resourceVersion: Int64) {
        guard let subscriber = subscribers[id] else { return }
        if case .dropped = subscriber.continuation.yield(.bookmark(resourceVersion: resourceVersion)) { unsubscribe(id) }
    }

    /// Removes a watch.
    mutating func unsubscribe(_ id: Int) {
        subscribers.removeValue(forKey: id)?.continuation.finish()
    }

    /// Ends every watch.
    mutating func finishAll() {
        for subscriber in subscribers.values { subscriber.continuation.finish() }
        subscribers = [:]
    }

    /// The events of changes after `subscriber.after` that it should see.
    func replay(to subscriber: Subscriber) -> [WatchMessage] {
        history.lazy.filter { $0.resourceVersion > subscriber.after }.compactMap { Self.message(for: $0, to: subscriber) }
    }

    /// How many watches are open.
    var count: Int { subscribers.count }

    static func matches(_ object: JSONValue, _ subscriber: Subscriber) -> Bool {
        if !subscriber.fields.requirements.isEmpty && !subscriber.fields.matches(object) { return false }
        if subscriber.labels.isEmpty { return true }
        var labels: [String: String] = [:]
        for (key, value) in object[path: ["metadata", "labels"]]?.objectValue ?? JSONObject() {
            if let string = value.stringValue { labels[key] = string }
        }
        return subscriber.labels.matches(labels)
    }

    /// The event `subscriber` gets for `change`, if any.
    private static func message(for change: Change, to subscriber: Subscriber) -> WatchMessage? {
        guard change.resource == subscriber.resource, change.resourceVersion > subscriber.after else { return nil }
        if let namespace = subscriber.namespace, change.namespace != namespace { return nil }
        let now = matches(change.object, subscriber)
        switch change.type {
        case "MODIFIED":
            let before = change.oldObject.map { matches($0, subscriber) } ?? now
            if now && before { return .event(type: "MODIFIED", object: change.object) }
            if now { return .event(type: "ADDED", object: change.object) }
            if before { return .event(type: "DELETED", object: change.object) }
            return nil
        default:
            return now ? .event(type: change.type, object: change.object) : nil
        }
    }
}
