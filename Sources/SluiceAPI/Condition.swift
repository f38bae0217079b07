import SluiceCore

/// A status condition in the shape of Kubernetes' `metav1.Condition`, as Flux's objects report them.
public struct Condition: Sendable, Hashable, Codable {
    /// The condition type, such as `Ready`.
    public var type: String
    /// `True`, `False` or `Unknown`.
    public var status: ConditionStatus
    /// The generation the condition was set from.
    public var observedGeneration: Int64?
    /// When `status` last changed (RFC 3339).
    public var lastTransitionTime: String
    /// A CamelCase reason, such as `Succeeded`.
    public var reason: String
    /// A human-readable message.
    public var message: String

    /// A condition.
    public init(type: String, status: ConditionStatus, observedGeneration: Int64? = nil, lastTransitionTime: String, reason: String, message: String) {
        self.type = type
        self.status = status
        self.observedGeneration = observedGeneration
        self.lastTransitionTime = lastTransitionTime
        self.reason = reason
        self.message = message
    }
}

/// A condition's status.
public enum ConditionStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case `true` = "True"
    case `false` = "False"
    case unknown = "Unknown"
}
