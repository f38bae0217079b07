import SluiceCore

/// Recent changes (a ring to replay watches from) and the watches to tell about new ones.
///
/// Owned by ``Cluster``; not thread-safe on its own.
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

    /// Records `change` and delivers it to matching watches.
    mutating func publish(_ change: Change) {
        history.append(change)
        if history.count > capacity + capacity / 4 {
            let drop = history.count - capacity
            floor = history[drop - 1].resourceVersion
            history.removeFirst(drop)
        }
        for subscriber in subscribers.values { Self.deliver(change, to: subscriber) }
    }

    /// Adds a watch; returns its id.
    mutating func subscribe(_ subscriber: Subscriber) -> Int {
        nextID += 1
        subscribers[nextID] = subscriber
        return nextID
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

    /// Changes after `resourceVersion` that `subscriber` should see.
    func replay(after resourceVersion: Int64, to subscriber: Subscriber) {
        for change in history where change.resourceVersion > resourceVersion {
            Self.deliver(change, to: subscriber)
        }
    }

    static func matches(_ object: JSONValue, _ subscriber: Subscriber) -> Bool {
        if !subscriber.fields.requirements.isEmpty && !subscriber.fields.matches(object) { return false }
        if subscriber.labels.isEmpty { return true }
        var labels: [String: String] = [:]
        for (key, value) in object[path: ["metadata", "labels"]]?.objectValue ?? JSONObject() {
            if let string = value.stringValue { labels[key] = string }
        }
        return subscriber.labels.matches(labels)
    }

    private static func deliver(_ change: Change, to subscriber: Subscriber) {
        guard change.resource == subscriber.resource else { return }
        if let namespace = subscriber.namespace, change.namespace != namespace { return }
        let now = matches(change.object, subscriber)
        switch change.type {
        case "MODIFIED":
            let before = change.oldObject.map { matches($0, subscriber) } ?? now
            if now && before {
                subscriber.continuation.yield(.event(type: "MODIFIED", object: change.object))
            } else if now {
                subscriber.continuation.yield(.event(type: "ADDED", object: change.object))
            } else if before {
                subscriber.continuation.yield(.event(type: "DELETED", object: change.object))
            }
        default:
            if now { subscriber.continuation.yield(.event(type: change.type, object: change.object)) }
        }
    }
}
