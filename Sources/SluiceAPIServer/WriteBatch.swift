import SluiceCore

/// Writes made in memory and not yet committed to `cluster.db`: the rows to store, how to undo them, and the watch
/// events to send once they are on disk.
///
/// Owned by ``Cluster``. A batch is committed whole, in one transaction, or undone whole.
struct WriteBatch {
    /// One object as it was before a write, to put back when the batch cannot be committed.
    struct Undo {
        var ref: ObjectRef
        var previous: JSONValue?
    }

    /// The rows to write, in order.
    var changes: [ClusterDatabase.Change] = []
    /// What each change replaced, in the same order.
    var undo: [Undo] = []
    /// The watch events, sent only after the commit.
    var events: [WatchHub.Change] = []
    /// The resource version the batch brings the database to.
    var resourceVersion: Int64 = 0

    var isEmpty: Bool { changes.isEmpty }
}
