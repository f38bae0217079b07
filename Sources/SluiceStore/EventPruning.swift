/// What one ``Store/pruneEvents(olderThan:keepingNewest:hardLimit:)`` deleted.
public struct EventPruning: Sendable, Hashable {
    /// Events deleted.
    public var deleted: Int
    /// Of those, events some consumer had not handled yet (deleted only to keep the log under its hard limit).
    public var deletedUnhandled: Int

    /// A result.
    public init(deleted: Int, deletedUnhandled: Int) {
        self.deleted = deleted
        self.deletedUnhandled = deletedUnhandled
    }
}
