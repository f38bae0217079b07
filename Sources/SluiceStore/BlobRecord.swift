import Foundation
import GRDB

/// Artifact content, stored once per digest: one row of the `blobs` table.
struct BlobRecord: Codable, FetchableRecord, PersistableRecord {
    static var databaseTableName: String { "blobs" }

    /// `sha256:<hex>` of ``content`` when it was stored.
    var digest: String
    /// The length of ``content`` in bytes.
    var size: Int64
    /// The bytes.
    var content: Data
}
