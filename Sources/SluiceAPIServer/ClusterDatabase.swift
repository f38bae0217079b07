import Foundation
import GRDB
import SluiceCore

/// The SQLite file objects are written through to (`DIR/cluster.db`, WAL).
///
/// The in-memory state is what the server reads; this file is how it survives a
/// restart. Writes arrive in batches, one transaction each, and a request is
/// answered only once its batch is committed (`synchronous = FULL`: the commit
/// is on disk, not only in the operating system's cache).
final class ClusterDatabase: Sendable {
    /// One row to write: an object, or `nil` to delete it.
    struct Change: Sendable {
        var resource: String
        var key: String
        var object: JSONValue?
    }

    private let pool: DatabasePool

    /// Opens (creating when needed) the database at `path`.
    init(path: String) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        pool = try DatabasePool(path: path, configuration: configuration)
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-objects") { db in
            try db.execute(sql: """
                CREATE TABLE objects (
                    resource TEXT NOT NULL,
                    key TEXT NOT NULL,
                    json BLOB NOT NULL,
                    PRIMARY KEY (resource, key)
                ) WITHOUT ROWID;
                CREATE TABLE meta (name TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);
                """)
        }
        try migrator.migrate(pool)
    }

    /// Every stored object and the last resource version.
    func load() throws -> (objects: [(resource: String, key: String, json: Data)], resourceVersion: Int64) {
        try pool.read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT resource, key, json FROM objects")
            let rv = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE name = 'resourceVersion'").flatMap { Int64($0) } ?? 0
            return (rows.map { ($0["resource"], $0["key"], $0["json"]) }, rv)
        }
    }

    /// Writes `changes` and the resource version in one transaction, on GRDB's writer queue (not a cooperative thread).
    func write(_ changes: [Change], resourceVersion: Int64) async throws {
        try await pool.write { db in
            let serializer = JSONSerializer()
            let upsert = try db.cachedStatement(sql: "INSERT OR REPLACE INTO objects (resource, key, json) VALUES (?, ?, ?)")
            let delete = try db.cachedStatement(sql: "DELETE FROM objects WHERE resource = ? AND key = ?")
            for change in changes {
                if let object = change.object {
                    try upsert.execute(arguments: [change.resource, change.key, Data(serializer.bytes(object))])
                } else {
                    try delete.execute(arguments: [change.resource, change.key])
                }
            }
            try db.execute(sql: "INSERT OR REPLACE INTO meta (name, value) VALUES ('resourceVersion', ?)",
                           arguments: [String(resourceVersion)])
        }
    }
}
