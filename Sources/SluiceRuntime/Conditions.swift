import SluiceAPI
import SluiceCore

/// An object's status conditions, changed with Flux's semantics.
///
/// Setting a condition keeps its `lastTransitionTime` unless its status,
/// reason or message changed, stamps the object's generation as
/// `observedGeneration`, and keeps `Ready` first and the rest sorted by type.
public struct Conditions: Sendable, Equatable {
    /// The conditions, in status order.
    public private(set) var items: [Condition]
    /// The generation stamped on conditions that are set.
    public var generation: Int64?

    /// Conditions starting from `items`, stamped with `generation`.
    public init(_ items: [Condition] = [], generation: Int64? = nil) {
        self.items = items
        self.generation = generation
    }

    /// The condition of `type`, if present.
    public func get(_ type: String) -> Condition? { items.first { $0.type == type } }
    /// Whether `type` is present with status `True`.
    public func isTrue(_ type: String) -> Bool { get(type)?.status == .true }
    /// Whether `type` is present with status `False`.
    public func isFalse(_ type: String) -> Bool { get(type)?.status == .false }

    /// Sets `type`; `now` is used only when the condition's state changes.
    public mutating func set(_ type: String, _ status: ConditionStatus, reason: String, message: String, now: String = Timestamp.now()) {
        var condition = Condition(type: type, status: status, observedGeneration: generation,
                                  lastTransitionTime: now, reason: reason, message: message)
        if let index = items.firstIndex(where: { $0.type == type }) {
            let existing = items[index]
            if existing.status == status, existing.reason == reason, existing.message == message {
                condition.lastTransitionTime = existing.lastTransitionTime
            }
            items[index] = condition
        } else {
            items.append(condition)
        }
        items.sort { lhs, rhs in
            if lhs.type == ConditionType.ready || rhs.type == ConditionType.ready { return lhs.type == ConditionType.ready && rhs.type != ConditionType.ready }
            return lhs.type < rhs.type
        }
    }

    /// Sets `type` to `True`.
    public mutating func markTrue(_ type: String, reason: String, message: String) { set(type, .true, reason: reason, message: message) }
    /// Sets `type` to `False`.
    public mutating func markFalse(_ type: String, reason: String, message: String) { set(type, .false, reason: reason, message: message) }
    /// Sets `type` to `Unknown`.
    public mutating func markUnknown(_ type: String, reason: String, message: String) { set(type, .unknown, reason: reason, message: message) }

    /// Marks the object as being reconciled (`Reconciling=True`).
    public mutating func markReconciling(reason: String = ConditionReason.progressing, message: String) {
        markTrue(ConditionType.reconciling, reason: reason, message: message)
    }

    /// Marks the object as stalled (`Stalled=True`): it will not progress until its spec changes.
    public mutating func markStalled(reason: String, message: String) {
        markTrue(ConditionType.stalled, reason: reason, message: message)
    }

    /// Removes `type`.
    public mutating func delete(_ type: String) { items.removeAll { $0.type == type } }
}
