/// How much an ``Event`` matters, as Flux grades it (`event.toolkit.fluxcd.io/v1beta1`).
public enum EventSeverity: String, Codable, Sendable, Hashable, CaseIterable {
    /// An action taken during reconciliation; not shown by default.
    case trace
    /// A change, such as a new revision applied.
    case info
    /// Something went wrong.
    case error
}
