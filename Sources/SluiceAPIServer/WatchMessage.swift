import SluiceCore

/// What a watch stream carries to the connection writing it.
enum WatchMessage: Sendable {
    /// A change: `ADDED`, `MODIFIED`, `DELETED`, with the object at its storage version.
    case event(type: String, object: JSONValue)
    /// The resource version is too old: an `ERROR` event with this status, then the end.
    case expired(APIError)
    /// A bookmark: every change up to this resource version that the watch should see was sent before it.
    case bookmark(resourceVersion: Int64)
    /// Time to write a blank line (which watch clients skip), so that a client that went away is noticed.
    case heartbeat
}
