import Foundation
import GRDB

extension Store {
    /// The id of the last event `consumer` has handled, or 0 when it has no cursor yet.
    ///
    /// A consumer resumes with `events(after: cursor(consumer: me))`.
    public func cursor(consumer: String) throws -> Int64 {
        try read { db in try CursorRecord.fetchOne(db, key: consumer)?.eventID ?? 0 }
    }

    /// Moves `consumer`'s cursor forward to `id`; a smaller `id` than the current one is ignored.
    ///
    /// Cursors never move backwards, so two instances of a consumer racing each other cannot make it
    /// handle events twice; the schema enforces the same rule against every writer.
    public func setCursor(consumer: String, to id: Int64) throws {
        guard !consumer.isEmpty else { throw StoreError.invalidArgument("a cursor needs a consumer name") }
        guard id >= 0 else { throw StoreError.invalidArgument("cursor of \(consumer) cannot be \(id)") }
        try write { db in
            try db.execute(
                sql: """
                    INSERT INTO cursors (consumer, eventID, updatedAt) VALUES (?, ?, ?)
                    ON CONFLICT (consumer) DO UPDATE SET eventID = excluded.eventID, updatedAt = excluded.updatedAt
                    WHERE excluded.eventID > cursors.eventID
                    """,
                arguments: [consumer, id, Date()])
        }
    }

    /// Every consumer's cursor.
    public func cursors() throws -> [String: Int64] {
        try read { db in
            Dictionary(uniqueKeysWithValues: try CursorRecord.fetchAll(db).map { ($0.consumer, $0.eventID) })
        }
    }
}
