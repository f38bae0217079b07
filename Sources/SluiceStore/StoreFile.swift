import Foundation
import GRDB
import SluiceCore

/// Identifies, creates and opens the database file behind a ``Store``.
///
/// Opening runs in four steps, each one only after the previous has vouched for the file:
/// 1. read the first 100 bytes without SQLite: missing or empty → create; no SQLite header → not a
///    database; an `application_id` other than ``Store/applicationID`` → a foreign database;
/// 2. for a new file, stamp the application id inside an immediate SQLite transaction (so several
///    processes creating the same store agree), still in rollback-journal mode so that the stamp lands
///    in the main file's header rather than in a WAL;
/// 3. probe the file through a connection that only reads: it must parse, and hold no migration this
///    build does not know;
/// 4. open the WAL-mode pool and migrate.
struct StoreFile {
    /// The database file.
    let path: String

    /// What the first bytes of the file say it is.
    enum Identity: Equatable {
        /// No file, or an empty one: a new store.
        case new
        /// An SQLite database stamped with Sluice's application id.
        case sluice
    }

    /// The 16 bytes every SQLite 3 database starts with.
    static let sqliteMagic = Array("SQLite format 3\0".utf8)

    /// Identifies, if necessary creates, and opens the store file.
    func open() throws -> DatabasePool {
        try createParentDirectory()
        let identity = try identify()
        try protect()
        if identity == .new {
            try stamp()
            guard try identify() == .sluice else {
                throw StoreError.foreignDatabase(path: path, reason: "another program wrote the file while Sluice created it")
            }
        }
        try probe()
        let pool = try openPool()
        try migrate(pool)
        return pool
    }

    /// Opens the pool, which switches a new file to WAL.
    ///
    /// The switch needs an exclusive lock, and SQLite answers `SQLITE_BUSY` at once, without the busy handler, when
    /// another process holds a shared lock and waits to write (its deadlock rule): several controllers starting on one
    /// new store meet it. So a busy answer is retried here until ``Store/busyTimeout``, as the busy handler would have.
    private func openPool() throws -> DatabasePool {
        let deadline = Date().addingTimeInterval(Store.busyTimeout)
        while true {
            do {
                return try DatabasePool(path: path, configuration: Self.poolConfiguration())
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY && Date() < deadline {
                Thread.sleep(forTimeInterval: .random(in: 0.01...0.05))
            } catch where Self.walVanished(error) && Date() < deadline {
                // GRDB checks that the `-wal` exists and then reads its size; another process's last connection
                // closing in between removes it (a clean close deletes the WAL). Opening again recreates it.
                Thread.sleep(forTimeInterval: .random(in: 0.01...0.05))
            } catch {
                throw openError(error)
            }
        }
    }

    /// Whether `error` is GRDB's size check of the `-wal` file finding it gone.
    private static func walVanished(_ error: any Error) -> Bool {
        let error = error as NSError
        guard error.domain == NSCocoaErrorDomain,
              error.code == CocoaError.fileReadNoSuchFile.rawValue || error.code == CocoaError.fileNoSuchFile.rawValue
        else { return false }
        return ((error.userInfo[NSFilePathErrorKey] as? String) ?? "").hasSuffix("-wal")
    }

    /// Creates the directory the file goes in (and missing parents) `0700`, when missing; an existing one is left
    /// as it is (the user may keep the store in a shared directory).
    private func createParentDirectory() throws {
        do {
            try OwnerOnlyFiles.createMissingDirectories(URL(fileURLWithPath: path).deletingLastPathComponent().path)
        } catch {
            throw StoreError.cannotOpen(path: path, underlying: error)
        }
    }

    /// Makes the file (created empty when missing), its `-wal` and its `-shm` readable by the owner only, before
    /// SQLite opens it: the store holds events and artifacts of every tenant. SQLite gives the `-wal` and `-shm`
    /// files it creates the main file's mode. Runs only after ``identify()`` vouched for the file, so a foreign
    /// file is left untouched.
    private func protect() throws {
        do {
            try OwnerOnlyFiles.prepareDatabase(path)
        } catch {
            throw StoreError.cannotOpen(path: path, underlying: error)
        }
    }

    /// Classifies the file from its first 100 bytes (the SQLite header), without opening it with SQLite.
    func identify() throws -> Identity {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return .new }
        if isDirectory.boolValue {
            throw StoreError.cannotOpen(path: path, underlying: CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "is a directory"]))
        }
        let header: [UInt8]
        do {
            let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
            defer { try? handle.close() }
            header = [UInt8](try handle.read(upToCount: 100) ?? Data())
        } catch {
            throw StoreError.cannotOpen(path: path, underlying: error)
        }
        if header.isEmpty { return .new }
        guard header.count == 100, header.starts(with: Self.sqliteMagic) else {
            throw StoreError.notADatabase(path: path, reason: "the file does not start with the SQLite header", underlying: nil)
        }
        let applicationID = header[68..<72].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        guard Int32(bitPattern: applicationID) == Store.applicationID else {
            throw StoreError.foreignDatabase(path: path, reason: Self.describe(applicationID: Int32(bitPattern: applicationID)))
        }
        return .sluice
    }

    /// Stamps a new (absent or empty) file with Sluice's application id.
    ///
    /// Runs in an immediate transaction in rollback-journal mode, so concurrent creators serialise and the
    /// id is in the main file's header before anyone switches the file to WAL.
    private func stamp() throws {
        var configuration = Configuration()
        configuration.label = "SluiceStore.stamp"
        configuration.busyMode = .timeout(Store.busyTimeout)
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            try queue.write { db in
                let current = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
                if current == Store.applicationID { return }
                let objects = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") ?? 0
                guard current == 0, objects == 0 else {
                    throw StoreError.foreignDatabase(path: path, reason: "another program created a database here while Sluice did")
                }
                try db.execute(sql: "PRAGMA application_id = \(Store.applicationID)")
            }
            try queue.close()
        } catch let error as StoreError {
            throw error
        } catch {
            throw openError(error)
        }
    }

    /// Checks, only reading, that the file parses and holds no unknown migration.
    ///
    /// The connection is not opened read-only: a read-only connection to a WAL database leaves `-wal` and
    /// `-shm` files behind, while a read-write one that only reads removes them again when it closes, and
    /// leaves the database file as it found it.
    private func probe() throws {
        var configuration = Configuration()
        configuration.label = "SluiceStore.probe"
        configuration.busyMode = .timeout(Store.busyTimeout)
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            defer { try? queue.close() }
            try queue.read { db in
                let applicationID = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
                guard applicationID == Store.applicationID else {
                    throw StoreError.foreignDatabase(path: path, reason: Self.describe(applicationID: applicationID))
                }
                let known = Set(StoreSchema.migrator.migrations)
                let unknown = try StoreSchema.migrator.appliedIdentifiers(db).subtracting(known)
                guard unknown.isEmpty else {
                    throw StoreError.newerSchema(path: path, unknownMigrations: unknown.sorted())
                }
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw openError(error)
        }
    }

    /// Migrates the store to the current schema.
    ///
    /// GRDB reads the applied migrations outside the migration transactions, so two processes upgrading the
    /// same file at once can both try a migration; the loser's transaction rolls back and fails. Each retry
    /// re-reads what is applied, and every failure means someone else made progress, so a few retries suffice.
    private func migrate(_ pool: DatabasePool) throws {
        let migrator = StoreSchema.migrator
        var attempt = 0
        while true {
            do {
                try migrator.migrate(pool)
                return
            } catch {
                attempt += 1
                let done = (try? pool.read { try migrator.hasCompletedMigrations($0) }) ?? false
                if done { return }
                if attempt > migrator.migrations.count + 2 {
                    throw StoreError.database(path: path, underlying: error)
                }
            }
        }
    }

    /// Maps an error from SQLite while opening to a ``StoreError`` naming the file.
    private func openError(_ error: any Error) -> StoreError {
        if let error = error as? DatabaseError {
            switch error.resultCode {
            case .SQLITE_NOTADB:
                return .notADatabase(path: path, reason: "SQLite does not recognise the file", underlying: error)
            case .SQLITE_CORRUPT:
                return .notADatabase(path: path, reason: "the database is corrupt", underlying: error)
            case .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_READONLY, .SQLITE_IOERR:
                return .cannotOpen(path: path, underlying: error)
            default:
                break
            }
        }
        return .database(path: path, underlying: error)
    }

    /// The pool's settings: WAL (GRDB's default for a pool), `synchronous = NORMAL`, foreign keys, busy timeout, two readers with 1 MiB page caches.
    static func poolConfiguration() -> Configuration {
        var configuration = Configuration()
        configuration.label = "SluiceStore"
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(Store.busyTimeout)
        // A controller reads the store now and then: two readers and a small page cache keep its memory low.
        configuration.maximumReaderCount = 2
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA cache_size = -1024")
            // Durable against the writer's crash; see Store's documentation for why not FULL.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // A checkpoint truncates the WAL back to this size after a burst of large artifacts.
            try db.execute(sql: "PRAGMA journal_size_limit = 67108864")
        }
        return configuration
    }

    /// Describes an application id found where Sluice's was expected.
    static func describe(applicationID: Int32) -> String {
        let hex = { (value: Int32) in "0x" + String(UInt32(bitPattern: value), radix: 16, uppercase: true) }
        if applicationID == 0 {
            return "its application_id is 0, Sluice stamps \(hex(Store.applicationID))"
        }
        return "its application_id is \(hex(applicationID)), Sluice stamps \(hex(Store.applicationID))"
    }
}
