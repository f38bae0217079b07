import Foundation
import SluiceCore
import SluiceKube

/// Helm's Secrets storage driver (`pkg/storage/driver/secrets.go`) for one namespace: revision N of release R is the
/// Secret `sh.helm.release.v1.R.vN` of type `helm.sh/release.v1`, its `data.release` the record as
/// ``HelmReleaseCodec`` encodes it, labelled `name`, `owner=helm`, `status`, `version`, `createdAt` (on create) or
/// `modifiedAt` (on update), plus the record's own ``HelmReleaseRecord/labels``. `helm list|history|rollback` read
/// what this writes, and this reads what Helm wrote.
public struct SecretReleaseStorage: ReleaseStorage {
    /// The cluster.
    public let client: KubernetesClient
    /// The storage namespace.
    public let namespace: String

    /// The Secrets' type.
    public static let secretType = "helm.sh/release.v1"
    /// The labels Helm sets itself (`GetSystemLabels`); the others on a Secret are the release's.
    public static let systemLabels: Set<String> = ["name", "owner", "status", "version", "createdAt", "modifiedAt"]
    static let secretKind = GroupVersionKind(group: "", version: "v1", kind: "Secret")

    /// A storage over the Secrets of `namespace`.
    public init(client: KubernetesClient, namespace: String) {
        self.client = client
        self.namespace = namespace
    }

    /// The Secret holding revision `version` of release `name` (Helm's `makeKey`).
    public static func secretName(release name: String, version: Int) -> String { "sh.helm.release.v1.\(name).v\(version)" }

    public func get(name: String, version: Int) async throws -> HelmReleaseRecord? {
        guard let secret = try await client.get(Self.secretKind, namespace: namespace, name: Self.secretName(release: name, version: version))
        else { return nil }
        return try record(in: secret)
    }

    /// Every revision of `name` (Secrets labelled `name=NAME,owner=helm`), oldest first.
    ///
    /// - Throws: ``ReleaseStorageError`` naming a Secret that does not hold a release (Helm's driver skips it; an
    ///   error here keeps a broken revision from being taken for a missing one).
    public func history(name: String) async throws -> [HelmReleaseRecord] {
        guard Self.isLabelValue(name) else {
            throw ReleaseStorageError(.invalidName, object: nil, "invalid label value: \(GoQuote.quote(name)): a release name must be 63 "
                + "characters or less, alphanumeric, '-', '_' or '.', beginning and ending with an alphanumeric character")
        }
        let secrets = try await client.listAll(Self.secretKind, namespace: namespace, labelSelector: "name=\(name),owner=helm")
        var records: [HelmReleaseRecord] = []
        for secret in secrets.items { records.append(try record(in: secret)) }
        return records.sorted { $0.version < $1.version }
    }

    public func create(_ record: HelmReleaseRecord) async throws {
        let name = Self.secretName(release: record.name, version: record.version)
        var labels = record.labels
        labels["createdAt"] = String(Int64(Date().timeIntervalSince1970))
        do {
            try await client.create(try secret(name, for: record, labels: labels))
        } catch let error as KubernetesError {
            // The server answers AlreadyExists with 409.
            if case .conflict = error { throw ReleaseStorageError.exists("\(namespace)/\(name)") }
            throw error
        }
    }

    /// Replaces the revision's Secret, keeping its `createdAt` label; fails with `release: not found` when absent.
    public func update(_ record: HelmReleaseRecord) async throws {
        let name = Self.secretName(release: record.name, version: record.version)
        guard let existing = try await client.get(Self.secretKind, namespace: namespace, name: name) else {
            throw ReleaseStorageError.notFound("\(namespace)/\(name)")
        }
        var labels = record.labels
        labels["createdAt"] = existing.labels["createdAt"]
        labels["modifiedAt"] = String(Int64(Date().timeIntervalSince1970))
        var replacement = try secret(name, for: record, labels: labels)
        replacement.resourceVersion = existing.resourceVersion
        try await client.update(replacement)
    }

    /// Deletes the revision's Secret; fails with `release: not found` when absent.
    public func delete(name: String, version: Int) async throws {
        let secretName = Self.secretName(release: name, version: version)
        do {
            try await client.delete(Self.secretKind, namespace: namespace, name: secretName)
        } catch KubernetesError.notFound {
            throw ReleaseStorageError.notFound("\(namespace)/\(secretName)")
        }
    }

    /// The Secret Helm's `newSecretsObject` makes: the release's labels, then Helm's own over them.
    private func secret(_ name: String, for record: HelmReleaseRecord, labels: [String: String]) throws -> KubeObject {
        let encoded: String
        do { encoded = try HelmReleaseCodec.encode(record) } catch {
            throw ReleaseStorageError(.undecodable(error.kind), object: "\(namespace)/\(name)",
                                      "failed to encode release \(GoQuote.quote(record.name)): \(error.message)")
        }
        var all = labels
        all["name"] = record.name
        all["owner"] = "helm"
        all["status"] = record.info.status.rawValue
        all["version"] = String(record.version)
        var secret = KubeObject(apiVersion: "v1", kind: "Secret", name: name, namespace: namespace)
        secret.labels = all
        secret["type"] = .string(Self.secretType)
        secret["data"] = .object(["release": .string(Data(encoded.utf8).base64EncodedString())])
        return secret
    }

    /// The record in `secret`'s `data.release`, its labels those that are not Helm's own.
    private func record(in secret: KubeObject) throws -> HelmReleaseRecord {
        let object = "\(secret.namespace ?? namespace)/\(secret.name)"
        func failure(_ kind: HelmReleaseCodecError.Kind, _ message: String) -> ReleaseStorageError {
            ReleaseStorageError(.undecodable(kind), object: object, "failed to decode data of Secret '\(object)': \(message)")
        }
        // Kubernetes gives `data` values in base64; Helm's value inside is base64 again (of gzip).
        guard case .string(let outer)? = secret[path: ["data", "release"]] else {
            throw failure(.json, "it has no data.release (unexpected end of JSON input)")
        }
        guard let data = GoBase64.decode(outer), let text = String(data: data, encoding: .utf8) else {
            throw failure(.base64, "data.release is not base64-encoded text")
        }
        var record: HelmReleaseRecord
        do { record = try HelmReleaseCodec.decode(text) } catch { throw failure(error.kind, error.message) }
        record.labels = secret.labels.filter { !Self.systemLabels.contains($0.key) }
        return record
    }

    /// Whether `text` is a valid label value (as Helm's `Query` checks it before listing).
    static func isLabelValue(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty else { return true }
        func alphanumeric(_ byte: UInt8) -> Bool {
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        }
        return bytes.count <= 63 && alphanumeric(bytes[0]) && alphanumeric(bytes[bytes.count - 1])
            && bytes.allSatisfy { alphanumeric($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") }
    }
}
