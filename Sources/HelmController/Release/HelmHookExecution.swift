/// When a hook last ran and how it ended (`release.HookExecution`).
public struct HelmHookExecution: Sendable, Equatable {
    /// Start time (Go RFC 3339 nanoseconds), nil before it first ran.
    public var startedAt: String?
    /// Completion time.
    public var completedAt: String?
    /// `Unknown`, `Running`, `Succeeded` or `Failed`.
    public var phase: String

    /// An execution record.
    public init(startedAt: String? = nil, completedAt: String? = nil, phase: String = "Unknown") {
        self.startedAt = startedAt
        self.completedAt = completedAt
        self.phase = phase
    }
}
