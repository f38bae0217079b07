import Foundation
import GRDB

/// The shared SQLite store through which Sluice's controller processes exchange artifacts and events.
///
/// One file holds everything: packaged sources (``ArtifactRecord``), Flux-shaped ``Event``s, and the
/// cursors with which event consumers resume. Several processes open the same file at once; SQLite
/// serialises their writes and a busy timeout of ``busyTimeout`` makes a writer wait for another
/// rather than fail.
///
/// The database runs in WAL mode with `PRAGMA synchronous = NORMAL`. A transaction is committed once its
/// frames are written to the WAL file, which lives in the kernel's page cache from then on: a writer
/// killed with SIGKILL right after a commit loses nothing, and the next opener recovers the WAL. Only a
/// power loss or kernel crash can roll back the last few commits — never corrupt the file. `FULL` would
/// add an `fsync` to every commit to cover that case too; artifacts can be rebuilt from their sources and
/// events are notifications, so Sluice takes the throughput instead.
///
/// Opening never modifies a file it has not identified as a Sluice store: an existing non-empty file must
/// carry the SQLite header and Sluice's ``applicationID``, and must hold no migration newer than this
/// build knows, before the store switches its journal mode or migrates it. Otherwise `init` throws a
/// ``StoreError`` naming the file and leaves it byte-for-byte as it was.
///
/// Open one `Store` per file and process and share it: it is `Sendable`, and every method is a short,
/// synchronous transaction.
public final class Store: Sendable {
    /// Where the store lives unless configured otherwise, relative to the working directory.
    public static let defaultPath = ".sluice/store.db"

    /// The `PRAGMA application_id` stamped on every Sluice store: the ASCII bytes `SLCE`.
    public static let applicationID: Int32 = 0x534C_4345

    /// How long a transaction waits for another process's write lock before failing, in seconds.
    public static let busyTimeout: TimeInterval = 10

    /// The path of the database file, as given to ``init(path:artifactsKept:)``.
    public let path: String

    /// How many artifacts ``putArtifact(kind:namespace:name:revision:content:)`` keeps per object.
    public let artifactsKept: Int

    /// The connection pool: one writer and several readers.
    let pool: DatabasePool

    /// Opens the store at `path`, creating the file and its parent directory when missing.
    ///
    /// A new or empty file is stamped with ``applicationID`` and migrated to the current schema; an existing
    /// Sluice store is migrated forward. Several processes may open the same new path at once.
    ///
    /// - Parameters:
    ///   - path: The database file, such as ``defaultPath``.
    ///   - artifactsKept: How many artifacts to keep per (kind, namespace, name); at least 1.
    /// - Throws: ``StoreError/notADatabase(path:reason:underlying:)`` for a corrupt or non-SQLite file,
    ///   ``StoreError/foreignDatabase(path:reason:)`` for another application's database,
    ///   ``StoreError/newerSchema(path:unknownMigrations:)`` for a store of a newer Sluice, and
    ///   ``StoreError/cannotOpen(path:underlying:)`` when the file cannot be read or created.
    public init(path: String, artifactsKept: Int = 2) throws {
        guard artifactsKept >= 1 else {
            throw StoreError.invalidArgument("artifactsKept must be at least 1, not \(artifactsKept)")
        }
        self.path = path
        self.artifactsKept = artifactsKept
        self.pool = try StoreFile(path: path).open()
    }

    /// Checks the file with SQLite's `PRAGMA integrity_check` and `PRAGMA foreign_key_check`.
    ///
    /// Reads the whole database, so it takes time on a large store: for a doctor command, not for startup.
    ///
    /// - Returns: The problems found; empty when the store is sound.
    public func checkIntegrity() throws -> [String] {
        try read { db in
            let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check")
            let problems = integrity == ["ok"] ? [] : integrity
            let dangling = try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").map { row in
                "row \(row[1] as Int64? ?? 0) of \(row[0] as String? ?? "?") refers to a missing row of \(row[2] as String? ?? "?")"
            }
            return problems + dangling
        }
    }

    /// Deletes all but the newest `count` rows of `table` (an id-ordered log: events, deliveries); returns how many.
    func pruneRows(of table: String, keepingNewest count: Int) throws -> Int {
        guard count >= 0 else { throw StoreError.invalidArgument("cannot keep \(count) \(table)") }
        return try write { db in
            try db.execute(sql: "DELETE FROM \(table) WHERE id <= (SELECT id FROM \(table) ORDER BY id DESC LIMIT 1 OFFSET ?)",
                           arguments: [count])
            return db.changesCount
        }
    }

    /// Runs `body` in a read transaction, which sees every transaction committed before it began.
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try pool.read(body)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.database(path: path, underlying: error)
        }
    }

    /// Runs `body` in an immediate write transaction, waiting up to ``busyTimeout`` for other writers.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try pool.write(body)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.database(path: path, underlying: error)
        }
    }
}
