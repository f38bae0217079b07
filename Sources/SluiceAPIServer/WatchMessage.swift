import SluiceCore

/// What a watch stream carries to the connection writing it.
enum WatchMessage: Sendable {
    /// A change: `ADDED`, `MODIFIED`, `DELETED`, with the object at its storage version.
    case event(type: String, object: JSONValue)
    /// The resource version is too old: an `ERROR` event with this status, then the end.
    case expired(APIError)
    /// Time for a bookmark, if asked for.
    case tick
    /// The watch's time is up.
    case end
}
