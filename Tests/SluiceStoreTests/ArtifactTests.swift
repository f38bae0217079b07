import Foundation
import GRDB
import SluiceStore
import Testing

@Suite("Artifacts")
struct ArtifactTests {
    let directory: TemporaryDirectory
    init() throws { directory = try TemporaryDirectory() }

    @Test("put returns a record with SHA-256 digest and size; latest and content read it back")
    func putAndGet() throws {
        let store = try Store(path: directory.path())
        let record = try store.putArtifact(
            kind: "GitRepository", namespace: "flux-system", name: "podinfo", revision: "main@sha1:abc",
            content: Array("hello world".utf8))
        #expect(record.id != nil)
        #expect(record.digest == "sha256:b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9")
        #expect(record.size == 11)
        #expect(abs(record.createdAt.timeIntervalSinceNow) < 60)
        #expect(try store.latestArtifact(kind: "GitRepository", namespace: "flux-system", name: "podinfo") == record)
        #expect(try store.artifactContent(record) == Array("hello world".utf8))
        #expect(try store.artifactContent(digest: record.digest) == Array("hello world".utf8))
        #expect(try store.latestArtifact(kind: "GitRepository", namespace: "flux-system", name: "other") == nil)
        #expect(try store.latestArtifact(kind: "Bucket", namespace: "flux-system", name: "podinfo") == nil)
    }

    @Test("empty content is an artifact too")
    func emptyContent() throws {
        let store = try Store(path: directory.path())
        let record = try store.putArtifact(kind: "Bucket", namespace: "ns", name: "b", revision: "r", content: [UInt8]())
        #expect(record.digest == "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(record.size == 0)
        #expect(try store.artifactContent(record) == [])
    }

    @Test("digest(of:) is sha256: and 64 lowercase hex digits")
    func digestFormat() {
        let digest = ArtifactRecord.digest(of: Data((0..<1000).map { UInt8($0 % 251) }))
        #expect(digest.hasPrefix("sha256:"))
        #expect(digest.count == 71)
        #expect(digest.dropFirst(7).allSatisfy { "0123456789abcdef".contains($0) })
    }

    @Test("artifacts are listed newest first and GC keeps the newest artifactsKept")
    func garbageCollection() throws {
        let store = try Store(path: directory.path(), artifactsKept: 3)
        var records: [ArtifactRecord] = []
        for revision in 1...5 {
            records.append(try store.putArtifact(
                kind: "GitRepository", namespace: "ns", name: "app", revision: "r\(revision)",
                content: Array("content \(revision)".utf8)))
        }
        let kept = try store.artifacts(kind: "GitRepository", namespace: "ns", name: "app")
        #expect(kept.map(\.revision) == ["r5", "r4", "r3"])
        #expect(kept == Array(records.suffix(3).reversed()))
        // The content of the collected artifacts is gone too.
        #expect(throws: StoreError.self) { try store.artifactContent(records[0]) }
        do {
            _ = try store.artifactContent(records[1])
            Issue.record("collected content is still readable")
        } catch StoreError.artifactNotFound(_, let digest) {
            #expect(digest == records[1].digest)
        }
        for record in kept { #expect(try store.artifactContent(record) == Array("content \(record.revision.dropFirst())".utf8)) }
        // Other objects are not collected.
        try store.putArtifact(kind: "GitRepository", namespace: "ns", name: "other", revision: "x", content: [1])
        #expect(try store.artifacts(kind: "GitRepository", namespace: "ns", name: "app").count == 3)
    }

    @Test("identical content is stored once and survives while any artifact refers to it")
    func sharedContent() throws {
        let store = try Store(path: directory.path(), artifactsKept: 1)
        let content = Array(repeating: UInt8(7), count: 10_000)
        let a = try store.putArtifact(kind: "Bucket", namespace: "ns", name: "a", revision: "1", content: content)
        let b = try store.putArtifact(kind: "Bucket", namespace: "ns", name: "b", revision: "1", content: content)
        #expect(a.digest == b.digest)
        #expect(try rawQueue(store.path).read { try Int.fetchOne($0, sql: "SELECT count(*) FROM blobs") } == 1)
        // A new revision of a with other content collects a's record but not the shared blob.
        try store.putArtifact(kind: "Bucket", namespace: "ns", name: "a", revision: "2", content: [1, 2, 3])
        #expect(try store.artifactContent(b) == content)
        #expect(try store.deleteArtifacts(kind: "Bucket", namespace: "ns", name: "b") == 1)
        #expect(throws: StoreError.self) { try store.artifactContent(b) }
    }

    @Test("deleteArtifacts removes every artifact of the object and returns how many")
    func delete() throws {
        let store = try Store(path: directory.path(), artifactsKept: 5)
        for revision in 1...3 {
            try store.putArtifact(kind: "HelmChart", namespace: "ns", name: "chart", revision: "\(revision)", content: [UInt8(revision)])
        }
        try store.putArtifact(kind: "HelmChart", namespace: "ns", name: "keep", revision: "1", content: [9])
        #expect(try store.deleteArtifacts(kind: "HelmChart", namespace: "ns", name: "chart") == 3)
        #expect(try store.latestArtifact(kind: "HelmChart", namespace: "ns", name: "chart") == nil)
        #expect(try store.deleteArtifacts(kind: "HelmChart", namespace: "ns", name: "chart") == 0)
        #expect(try store.latestArtifact(kind: "HelmChart", namespace: "ns", name: "keep") != nil)
        let orphans = try rawQueue(store.path).read {
            try Int.fetchOne($0, sql: "SELECT count(*) FROM blobs WHERE digest NOT IN (SELECT digest FROM artifacts)")
        }
        #expect(orphans == 0)
    }

    @Test("content damaged behind the store's back fails the digest check on read; putting it again repairs it")
    func corruptedContent() throws {
        let store = try Store(path: directory.path())
        let content = Array("the original tarball bytes".utf8)
        let record = try store.putArtifact(kind: "Bucket", namespace: "ns", name: "b", revision: "1", content: content)
        #expect(try store.artifactContent(record) == content)

        var damaged = content
        damaged[0] ^= 0xFF
        try rawQueue(store.path).write { db in
            try db.execute(sql: "UPDATE blobs SET content = ? WHERE digest = ?", arguments: [Data(damaged), record.digest])
        }
        do {
            _ = try store.artifactContent(record)
            Issue.record("damaged content was returned")
        } catch StoreError.digestMismatch(let path, let expected, let actual) {
            #expect(path == store.path)
            #expect(expected == record.digest)
            #expect(actual == ArtifactRecord.digest(of: damaged))
        }
        #expect(throws: StoreError.self) { try store.artifactContent(digest: record.digest) }

        try store.putArtifact(kind: "Bucket", namespace: "ns", name: "b", revision: "2", content: content)
        #expect(try store.artifactContent(record) == content)
    }

    @Test("the schema rejects bad rows from any writer")
    func schemaConstraints() throws {
        let store = try Store(path: directory.path())
        let record = try store.putArtifact(kind: "Bucket", namespace: "ns", name: "b", revision: "1", content: [1, 2, 3])
        let raw = try rawQueue(store.path)
        // Content whose length disagrees with its size.
        #expect(throws: DatabaseError.self) {
            try raw.write { try $0.execute(sql: "UPDATE blobs SET content = x'0102' WHERE digest = ?", arguments: [record.digest]) }
        }
        // A malformed digest.
        #expect(throws: DatabaseError.self) {
            try raw.write { try $0.execute(sql: "INSERT INTO blobs (digest, size, content) VALUES ('md5:abc', 1, x'01')") }
        }
        // An artifact pointing at no content.
        #expect(throws: DatabaseError.self) {
            try raw.write { db in
                try db.execute(sql: """
                    INSERT INTO artifacts (kind, namespace, name, revision, digest, size, createdAt)
                    VALUES ('Bucket', 'ns', 'x', '1', 'sha256:' || printf('%064d', 0), 1, CURRENT_TIMESTAMP)
                    """)
            }
        }
        // Through the store: an empty kind is refused with a StoreError naming the file.
        do {
            try store.putArtifact(kind: "", namespace: "ns", name: "b", revision: "1", content: [1])
            Issue.record("an artifact without a kind was stored")
        } catch StoreError.database(let path, _) {
            #expect(path == store.path)
        }
    }

    @Test("artifacts survive reopening the store")
    func persistence() throws {
        let path = directory.path("nested/dirs/store.db")
        let record: ArtifactRecord
        do {
            let store = try Store(path: path)
            record = try store.putArtifact(kind: "Bucket", namespace: "ns", name: "b", revision: "1", content: [4, 5, 6])
        }
        let reopened = try Store(path: path)
        #expect(try reopened.latestArtifact(kind: "Bucket", namespace: "ns", name: "b") == record)
        #expect(try reopened.artifactContent(record) == [4, 5, 6])
        #expect(try reopened.checkIntegrity() == [])
    }
}
