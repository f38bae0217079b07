import Synchronization

/// Whether the process is ready to serve: what `/readyz` reports.
public final class HealthState: Sendable {
    private let ready = Mutex(false)

    /// A state that starts not ready.
    public init() {}

    /// Whether the process is ready.
    public var isReady: Bool { ready.withLock { $0 } }

    /// Marks the process ready or not.
    public func setReady(_ value: Bool) { ready.withLock { $0 = value } }
}
