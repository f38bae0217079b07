import Foundation
import GRDB
import SluiceStore
import Testing

@Suite("Opening a store file")
struct OpeningTests {
    let directory: TemporaryDirectory
    init() throws { directory = try TemporaryDirectory() }

    /// Opens `path` expecting a failure, and checks the file is byte-for-byte unchanged and got no WAL.
    private func expectRefused(_ path: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> StoreError? {
        let before = try fileBytes(path)
        var caught: StoreError?
        do {
            _ = try Store(path: path)
            Issue.record("opened \(path)", sourceLocation: sourceLocation)
        } catch let error as StoreError {
            caught = error
            #expect(error.description.contains(path), "the error names the file", sourceLocation: sourceLocation)
        }
        #expect(try fileBytes(path) == before, "the file is untouched", sourceLocation: sourceLocation)
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"), "no WAL was created", sourceLocation: sourceLocation)
        return caught
    }

    @Test("a missing file and its directories are created, stamped with Sluice's application_id, and migrated")
    func create() throws {
        let path = directory.path("a/b/store.db")
        let store = try Store(path: path)
        #expect(store.path == path)
        let header = [UInt8](try fileBytes(path).prefix(100))
        #expect(header.starts(with: Array("SQLite format 3\0".utf8)))
        #expect(Array(header[68..<72]) == Array("SLCE".utf8))
        let (applicationID, journalMode, migrations) = try rawQueue(path).read { db in
            (
                try Int32.fetchOne(db, sql: "PRAGMA application_id"),
                try String.fetchOne(db, sql: "PRAGMA journal_mode"),
                try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY rowid")
            )
        }
        #expect(applicationID == Store.applicationID)
        #expect(journalMode == "wal")
        #expect(migrations == ["v1-artifacts", "v1-events", "v1-cursors", "v2-deliveries"])
    }

    @Test("an empty file becomes a store")
    func emptyFile() throws {
        let path = directory.path()
        #expect(FileManager.default.createFile(atPath: path, contents: Data()))
        let store = try Store(path: path)
        try store.appendEvent(sampleEvent())
        #expect(try store.events().count == 1)
    }

    @Test("many openers racing to create the same store all succeed")
    func concurrentCreation() async throws {
        let path = directory.path("race/store.db")
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<8 {
                group.addTask {
                    let store = try Store(path: path)
                    try store.appendEvent(sampleEvent(name: "opener-\(index)"))
                }
            }
            try await group.waitForAll()
        }
        let store = try Store(path: path)
        #expect(try store.events().count == 8)
        #expect(try store.checkIntegrity() == [])
    }

    @Test("random bytes are refused as not a database")
    func randomBytes() throws {
        let path = directory.path()
        var generator = SystemRandomNumberGenerator()
        try Data((0..<10_000).map { _ in UInt8.random(in: 0...255, using: &generator) }).write(to: URL(fileURLWithPath: path))
        let error = try expectRefused(path)
        guard case .notADatabase = error else { Issue.record("expected notADatabase, got \(String(describing: error))"); return }
    }

    @Test("a short text file is refused as not a database")
    func textFile() throws {
        let path = directory.path()
        try Data("hello\n".utf8).write(to: URL(fileURLWithPath: path))
        let error = try expectRefused(path)
        guard case .notADatabase = error else { Issue.record("expected notADatabase, got \(String(describing: error))"); return }
    }

    @Test("another application's SQLite database is refused", arguments: [0, 42])
    func foreignDatabase(applicationID: Int32) throws {
        let path = directory.path()
        do {
            let queue = try rawQueue(path)
            try queue.write { db in
                try db.execute(sql: "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
                try db.execute(sql: "INSERT INTO notes (text) VALUES ('not yours')")
                try db.execute(sql: "PRAGMA application_id = \(applicationID)")
            }
            try queue.close()
        }
        let error = try expectRefused(path)
        guard case .foreignDatabase(_, let reason) = error else {
            Issue.record("expected foreignDatabase, got \(String(describing: error))")
            return
        }
        #expect(reason.contains(applicationID == 0 ? "application_id is 0" : "0x2A"))
    }

    @Test("a store migrated by a newer Sluice is refused and left alone")
    func newerSchema() throws {
        let path = directory.path()
        do {
            let store = try Store(path: path)
            try store.appendEvent(sampleEvent())
        }
        do {
            let queue = try rawQueue(path)
            try queue.write { try $0.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v9-future')") }
            try queue.close()
        }
        let error = try expectRefused(path)
        guard case .newerSchema(_, let unknown) = error else {
            Issue.record("expected newerSchema, got \(String(describing: error))")
            return
        }
        #expect(unknown == ["v9-future"])
    }

    @Test("a Sluice store damaged past its header is refused as not a database")
    func corruptStore() throws {
        let path = directory.path()
        do {
            let store = try Store(path: path)
            try store.appendEvent(sampleEvent())
        }
        var bytes = try fileBytes(path)
        bytes.replaceSubrange(100..<4096, with: Data(repeating: 0xA5, count: 3996))
        try bytes.write(to: URL(fileURLWithPath: path))
        let error = try expectRefused(path)
        guard case .notADatabase(_, _, let underlying) = error else {
            Issue.record("expected notADatabase, got \(String(describing: error))")
            return
        }
        #expect(underlying != nil)
    }

    @Test("artifactsKept below 1 is refused")
    func invalidKeep() {
        #expect(throws: StoreError.self) { try Store(path: directory.path(), artifactsKept: 0) }
    }

    @Test("a directory in the way is reported")
    func directoryInTheWay() throws {
        let path = directory.path("dir.db")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        #expect(throws: StoreError.self) { try Store(path: path) }
    }
}
