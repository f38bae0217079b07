/// How `sluice cluster serve` runs.
public struct APIServerConfiguration: Sendable {
    /// The host to listen on; loopback unless explicitly changed.
    public var host: String
    /// The port; 0 picks a free one.
    public var port: Int
    /// The directory holding `cluster.db`, `kubeconfig`, `token`, the CA and serving keys, and the lock file (owner-only).
    public var dataDirectory: String
    /// Whether workload status is simulated.
    public var simulate: Bool
    /// How long after a write the simulated status appears.
    public var simulateDelay: Duration
    /// How often watches that asked for bookmarks get one.
    public var bookmarkInterval: Duration
    /// The most watches open at once; beyond it a watch gets 429 with `Retry-After`.
    public var maxWatches: Int

    /// A configuration.
    public init(host: String = "127.0.0.1", port: Int = 6443, dataDirectory: String, simulate: Bool = true,
                simulateDelay: Duration = .milliseconds(500), bookmarkInterval: Duration = .seconds(5), maxWatches: Int = 1000)
    {
        self.host = host
        self.port = port
        self.dataDirectory = dataDirectory
        self.simulate = simulate
        self.simulateDelay = simulateDelay
        self.bookmarkInterval = bookmarkInterval
        self.maxWatches = maxWatches
    }
}
