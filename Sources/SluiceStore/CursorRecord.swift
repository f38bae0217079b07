import Foundation
import GRDB

/// One row of the `cursors` table: how far a consumer has read the event log.
struct CursorRecord: Codable, FetchableRecord, PersistableRecord {
    static var databaseTableName: String { "cursors" }

    /// Who reads, such as `notification-controller`.
    var consumer: String
    /// The id of the last event the consumer has handled.
    var eventID: Int64
    /// When the cursor last moved.
    var updatedAt: Date
}
