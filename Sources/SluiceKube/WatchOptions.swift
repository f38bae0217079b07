/// Options of a watch request.
public struct WatchOptions: Sendable, Equatable {
    /// Start after this resource version (`nil` or empty: from now, with synthetic ADDED events for what exists).
    public var resourceVersion: String?
    /// Only objects whose labels match.
    public var labelSelector: String?
    /// Only objects whose fields match.
    public var fieldSelector: String?
    /// Ask the server for BOOKMARK events carrying fresh resource versions.
    public var allowBookmarks: Bool
    /// Ask the server to end the watch after this many seconds.
    public var timeoutSeconds: Int?

    /// Watch options.
    public init(resourceVersion: String? = nil, labelSelector: String? = nil, fieldSelector: String? = nil,
                allowBookmarks: Bool = true, timeoutSeconds: Int? = nil)
    {
        self.resourceVersion = resourceVersion
        self.labelSelector = labelSelector
        self.fieldSelector = fieldSelector
        self.allowBookmarks = allowBookmarks
        self.timeoutSeconds = timeoutSeconds
    }
}
