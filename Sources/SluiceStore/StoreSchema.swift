import GRDB

/// The store's schema, as an append-only list of named migrations.
///
/// Never edit or reorder a migration once released: add a new one at the end. A store that holds a
/// migration missing from this list was written by a newer Sluice and is refused
/// (``StoreError/newerSchema(path:unknownMigrations:)``).
///
/// Constraints live here, not in Swift: SQLite rejects an artifact without a well-formed digest, content
/// whose length disagrees with its recorded size, an event with an unknown severity, an update to an
/// event, and a cursor moving backwards, whoever the writer is.
enum StoreSchema {
    /// The migrator holding every migration, oldest first.
    static let migrator: DatabaseMigrator = {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-artifacts", migrate: createArtifacts)
        migrator.registerMigration("v1-events", migrate: createEvents)
        migrator.registerMigration("v1-cursors", migrate: createCursors)
        migrator.registerMigration("v2-deliveries", migrate: createDeliveries)
        return migrator
    }()

    /// The SQL condition a digest column must satisfy: `sha256:` and 64 lowercase hex digits.
    private static func digestCheck(_ column: String) -> String {
        "length(\(column)) = 71 AND \(column) GLOB 'sha256:*' AND substr(\(column), 8) NOT GLOB '*[^0-9a-f]*'"
    }

    /// Content-addressed blobs and the artifacts that point at them.
    private static func createArtifacts(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE blobs (
                digest TEXT NOT NULL PRIMARY KEY CHECK (\(digestCheck("digest"))),
                size INTEGER NOT NULL CHECK (size >= 0),
                content BLOB NOT NULL CHECK (length(content) = size)
            );
            CREATE TABLE artifacts (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                kind TEXT NOT NULL CHECK (kind <> ''),
                namespace TEXT NOT NULL,
                name TEXT NOT NULL CHECK (name <> ''),
                revision TEXT NOT NULL,
                digest TEXT NOT NULL REFERENCES blobs(digest) ON DELETE RESTRICT CHECK (\(digestCheck("digest"))),
                size INTEGER NOT NULL CHECK (size >= 0),
                createdAt DATETIME NOT NULL
            );
            CREATE INDEX artifacts_by_object ON artifacts(kind, namespace, name, id);
            CREATE INDEX artifacts_by_digest ON artifacts(digest);
            """)
    }

    /// The append-only event log.
    private static func createEvents(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE events (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                involvedKind TEXT NOT NULL,
                involvedNamespace TEXT,
                involvedName TEXT NOT NULL,
                involvedUID TEXT,
                involvedAPIVersion TEXT NOT NULL,
                involvedResourceVersion TEXT,
                involvedFieldPath TEXT,
                severity TEXT NOT NULL CHECK (severity IN ('trace', 'info', 'error')),
                timestamp DATETIME NOT NULL,
                message TEXT NOT NULL,
                reason TEXT NOT NULL,
                metadata TEXT CHECK (metadata IS NULL OR json_valid(metadata)),
                reportingController TEXT NOT NULL,
                reportingInstance TEXT
            );
            CREATE INDEX events_by_object ON events(involvedKind, involvedNamespace, involvedName, id);
            CREATE TRIGGER events_append_only BEFORE UPDATE ON events
            BEGIN
                SELECT RAISE(ABORT, 'events are append-only');
            END;
            """)
    }

    /// Consumer cursors into the event log.
    private static func createCursors(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE cursors (
                consumer TEXT NOT NULL PRIMARY KEY CHECK (consumer <> ''),
                eventID INTEGER NOT NULL CHECK (eventID >= 0),
                updatedAt DATETIME NOT NULL
            );
            CREATE TRIGGER cursors_never_backwards BEFORE UPDATE OF eventID ON cursors
            WHEN NEW.eventID < OLD.eventID
            BEGIN
                SELECT RAISE(ABORT, 'a cursor never moves backwards');
            END;
            """)
    }

    /// The notification-controller's delivery log: one row per event handed to a provider, delivered or finally failed.
    private static func createDeliveries(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE deliveries (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                eventID INTEGER NOT NULL CHECK (eventID >= 0),
                alert TEXT NOT NULL CHECK (alert <> ''),
                provider TEXT NOT NULL CHECK (provider <> ''),
                providerType TEXT NOT NULL,
                outcome TEXT NOT NULL CHECK (outcome IN ('delivered', 'failed', 'skipped')),
                attempts INTEGER NOT NULL CHECK (attempts >= 0),
                statusCode INTEGER,
                error TEXT,
                deliveredAt DATETIME NOT NULL
            );
            CREATE INDEX deliveries_by_outcome ON deliveries(outcome, id);
            """)
    }
}
