import Foundation
import GRDB

extension Store {
    /// Stores an artifact's content and record, then drops the object's artifacts beyond the newest ``artifactsKept``.
    ///
    /// The digest and size are computed from `content`. Content is stored once per digest: putting the same
    /// bytes again (for another revision, or another object) adds only a record, and repairs the stored
    /// bytes should they have been damaged. Insertion and garbage collection — deleting the older records
    /// and any content no record points at any more — happen in one transaction.
    ///
    /// - Parameters:
    ///   - kind: The kind of the object the artifact belongs to, such as `GitRepository`; not empty.
    ///   - namespace: The object's namespace.
    ///   - name: The object's name; not empty.
    ///   - revision: The source revision the content was built from.
    ///   - content: The packaged bytes, typically a tarball.
    /// - Returns: The stored record, with its id and creation time.
    @discardableResult
    public func putArtifact(kind: String, namespace: String, name: String, revision: String, content: [UInt8]) throws -> ArtifactRecord {
        try putArtifact(kind: kind, namespace: namespace, name: name, revision: revision, content: Data(content))
    }

    /// Stores an artifact's content and record; see ``putArtifact(kind:namespace:name:revision:content:)-([UInt8])``.
    @discardableResult
    public func putArtifact(kind: String, namespace: String, name: String, revision: String, content: Data) throws -> ArtifactRecord {
        let digest = ArtifactRecord.digest(of: content)
        let size = Int64(content.count)
        let kept = artifactsKept
        return try write { db in
            try db.execute(
                sql: """
                    INSERT INTO blobs (digest, size, content) VALUES (?, ?, ?)
                    ON CONFLICT (digest) DO UPDATE SET size = excluded.size, content = excluded.content
                    WHERE blobs.content IS NOT excluded.content
                    """,
                arguments: [digest, size, content])
            let record = ArtifactRecord(
                kind: kind, namespace: namespace, name: name, revision: revision,
                digest: digest, size: size, createdAt: Date())
            let stored = try record.insertAndFetch(db)
            let dropped = try String.fetchAll(
                db,
                sql: """
                    DELETE FROM artifacts WHERE id IN (
                        SELECT id FROM artifacts WHERE kind = ? AND namespace = ? AND name = ?
                        ORDER BY id DESC LIMIT -1 OFFSET ?)
                    RETURNING digest
                    """,
                arguments: [kind, namespace, name, kept])
            try Self.deleteUnreferencedBlobs(db, digests: dropped)
            return stored
        }
    }

    /// The newest artifact of an object, or `nil` when it has none.
    public func latestArtifact(kind: String, namespace: String, name: String) throws -> ArtifactRecord? {
        try read { db in
            try ArtifactRecord.fetchOne(
                db,
                sql: "SELECT * FROM artifacts WHERE kind = ? AND namespace = ? AND name = ? ORDER BY id DESC LIMIT 1",
                arguments: [kind, namespace, name])
        }
    }

    /// An object's artifacts, newest first.
    public func artifacts(kind: String, namespace: String, name: String) throws -> [ArtifactRecord] {
        try read { db in
            try ArtifactRecord.fetchAll(
                db,
                sql: "SELECT * FROM artifacts WHERE kind = ? AND namespace = ? AND name = ? ORDER BY id DESC",
                arguments: [kind, namespace, name])
        }
    }

    /// The content of an artifact, verified against its digest.
    ///
    /// - Throws: ``StoreError/digestMismatch(path:expected:actual:)`` when the stored bytes do not hash to
    ///   `record.digest`; ``StoreError/artifactNotFound(path:digest:)`` when no content has that digest.
    public func artifactContent(_ record: ArtifactRecord) throws -> [UInt8] {
        try artifactContent(digest: record.digest)
    }

    /// The content stored under `digest` (`sha256:<hex>`), verified against it on every read.
    ///
    /// - Throws: ``StoreError/digestMismatch(path:expected:actual:)`` when the stored bytes do not hash to
    ///   `digest`; ``StoreError/artifactNotFound(path:digest:)`` when no content has that digest.
    public func artifactContent(digest: String) throws -> [UInt8] {
        guard let blob = try read({ db in try BlobRecord.fetchOne(db, key: digest) }) else {
            throw StoreError.artifactNotFound(path: path, digest: digest)
        }
        let actual = ArtifactRecord.digest(of: blob.content)
        guard actual == digest else {
            throw StoreError.digestMismatch(path: path, expected: digest, actual: actual)
        }
        return [UInt8](blob.content)
    }

    /// Deletes all artifacts of an object, and the content no other artifact shares.
    ///
    /// - Returns: How many artifact records were deleted.
    @discardableResult
    public func deleteArtifacts(kind: String, namespace: String, name: String) throws -> Int {
        try write { db in
            let dropped = try String.fetchAll(
                db,
                sql: "DELETE FROM artifacts WHERE kind = ? AND namespace = ? AND name = ? RETURNING digest",
                arguments: [kind, namespace, name])
            try Self.deleteUnreferencedBlobs(db, digests: dropped)
            return dropped.count
        }
    }

    /// Deletes those of `digests` that no artifact refers to any more.
    private static func deleteUnreferencedBlobs(_ db: Database, digests: [String]) throws {
        let candidates = Array(Set(digests))
        guard !candidates.isEmpty else { return }
        try db.execute(literal: """
            DELETE FROM blobs WHERE digest IN \(candidates)
            AND NOT EXISTS (SELECT 1 FROM artifacts WHERE artifacts.digest = blobs.digest)
            """)
    }
}
