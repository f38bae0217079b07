/// How much the webhook server gives any one client and all of them together: an unauthenticated client may hold a
/// connection only so long and make the process hold only so many bytes, however it sends.
public struct ReceiverServerLimits: Sendable, Hashable {
    /// How long a connection may stay silent before it is closed (`--receiver-read-timeout`).
    public var idleTimeout: Duration
    /// How long one request may take to arrive, from its first byte (or the previous answer) to the end of its body, however
    /// steadily it trickles (`--receiver-request-timeout`).
    public var requestTimeout: Duration
    /// Connections served at once; further ones wait in the listen backlog until one closes (`--receiver-max-connections`).
    public var maxConnections: Int
    /// Body bytes held at once by all requests together; a request that would go beyond it is answered 503
    /// (`--receiver-max-inflight-bytes`).
    public var maxBodyBytesInFlight: Int

    /// Limits; by default 15 s idle, 10 s per request, 256 connections and 16 MiB of bodies.
    public init(idleTimeout: Duration = .seconds(15), requestTimeout: Duration = .seconds(10), maxConnections: Int = 256,
                maxBodyBytesInFlight: Int = 16 << 20)
    {
        self.idleTimeout = idleTimeout
        self.requestTimeout = requestTimeout
        self.maxConnections = max(1, maxConnections)
        self.maxBodyBytesInFlight = max(1, maxBodyBytesInFlight)
    }
}
