/// When a hook last ran and how it ended (`release.HookExecution`).
public struct HelmHookExecution: Sendable, Equatable {
    /// Start time (Go RFC 3339 nanoseconds), nil before it first ran.
    public var startedAt: String?
    /// Completion time.
    public var completedAt: String?
    /// `Unknown`, `Running`, `Succeeded` or `Failed`; empty before the hook first ran (Go's zero value, which Helm records
    /// as `"phase":""` for a hook that has not run).
    public var phase: String

    /// An execution record.
    public init(startedAt: String? = nil, completedAt: String? = nil, phase: String = "") {
        self.startedAt = startedAt
        self.completedAt = completedAt
        self.phase = phase
    }
}
