import Crypto
import Foundation
import GRDB

/// A packaged source stored in the shared store: one row of the `artifacts` table.
///
/// The record describes the content; the bytes themselves live once per digest in the `blobs` table and
/// are read with ``Store/artifactContent(_:)``, which verifies them against ``digest``.
public struct ArtifactRecord: Codable, Sendable, Hashable {
    /// The row id, assigned by the store and increasing with every put; `nil` before insertion.
    public var id: Int64?
    /// The kind of the object the artifact belongs to, such as `GitRepository`.
    public var kind: String
    /// The namespace of the object.
    public var namespace: String
    /// The name of the object.
    public var name: String
    /// The source revision, in Flux's form, such as `main@sha1:3f2a…`.
    public var revision: String
    /// The SHA-256 of the content: `sha256:` and 64 lowercase hex digits.
    public var digest: String
    /// The content's length in bytes.
    public var size: Int64
    /// When the store received the artifact (millisecond precision).
    public var createdAt: Date

    /// An artifact record; normally only the store makes these.
    public init(
        id: Int64? = nil, kind: String, namespace: String, name: String, revision: String,
        digest: String, size: Int64, createdAt: Date
    ) {
        self.id = id
        self.kind = kind
        self.namespace = namespace
        self.name = name
        self.revision = revision
        self.digest = digest
        self.size = size
        self.createdAt = createdAt
    }

    /// The digest of `content` in the store's form, `sha256:<64 lowercase hex digits>`.
    public static func digest(of content: some DataProtocol) -> String {
        let hash = SHA256.hash(data: content)
        let hex = Array("0123456789abcdef".utf8)
        var text = Array("sha256:".utf8)
        text.reserveCapacity(71)
        for byte in hash {
            text.append(hex[Int(byte >> 4)])
            text.append(hex[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}

extension ArtifactRecord: FetchableRecord, MutablePersistableRecord {
    /// The table the records live in.
    public static var databaseTableName: String { "artifacts" }

    /// Takes the id SQLite assigned on insertion.
    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
