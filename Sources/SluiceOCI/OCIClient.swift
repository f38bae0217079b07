import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOSSL

/// A client of the OCI distribution API for one set of ``OCIClientOptions``: pull (manifests, indexes, blobs with
/// every byte checked against its digest), tag listing, push, and the `WWW-Authenticate` dance (Basic, Bearer token
/// from the realm, anonymous tokens too). Sizes are bounded before a body is read; each operation has a deadline.
///
/// Holds no globals of its own: the HTTP client (``OCIHTTPClient/shared`` by default, which follows redirects and drops
/// `Authorization` when one leaves the origin) and the logger are given.
public struct OCIClient: Sendable {
    /// How it connects.
    public let options: OCIClientOptions
    let http: HTTPClient
    let logger: Logger
    let tls: TLSConfiguration?
    let tokens = TokenCache()

    /// A client.
    ///
    /// - Throws: ``OCIError`` (`.invalidCredentials`) when the CA or client certificate and key do not parse.
    public init(options: OCIClientOptions, http: HTTPClient = OCIHTTPClient.shared, logger: Logger) throws(OCIError) {
        self.options = options
        self.http = http
        self.logger = logger
        if options.caCertificatePEM != nil || options.clientCertificatePEM != nil {
            var tls = TLSConfiguration.makeClientConfiguration()
            if let ca = options.caCertificatePEM {
                do { tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(ca)) } catch {
                    throw OCIError(.invalidCredentials, reference: "", "invalid CA certificate (ca.crt): \(error)")
                }
            }
            if let certificate = options.clientCertificatePEM {
                guard let key = options.clientKeyPEM else {
                    throw OCIError(.invalidCredentials, reference: "", "client certificate (tls.crt) without a key (tls.key)")
                }
                do {
                    tls.certificateChain = try NIOSSLCertificate.fromPEMBytes(certificate).map { .certificate($0) }
                    tls.privateKey = .privateKey(try NIOSSLPrivateKey(bytes: key, format: .pem))
                } catch {
                    throw OCIError(.invalidCredentials, reference: "", "invalid client certificate or key (tls.crt, tls.key): \(error)")
                }
            }
            self.tls = tls
        } else {
            self.tls = nil
        }
    }

    // MARK: Pull

    /// Checks that the registry speaks the distribution API (`GET /v2/`), authenticating as needed.
    public func ping(_ reference: OCIReference) async throws(OCIError) {
        try await bounded(reference) {
            let reply = try await send(reference, .GET, path: "", scope: .pull)
            _ = try await reply.collect(reference, limit: 64 << 10)
        }
    }

    /// The digest a tag (or digest) names: `HEAD` of the manifest, falling back to `GET` when the registry gives no
    /// `Docker-Content-Digest`.
    public func resolve(_ reference: OCIReference) async throws(OCIError) -> String {
        if let digest = reference.digest { return digest }
        return try await bounded(reference) {
            let reply = try await send(reference, .HEAD, path: "/manifests/\(reference.manifestReference)", scope: .pull,
                                       headers: [("Accept", OCIMediaType.acceptedManifests.joined(separator: ", "))])
            if let digest = reply.response.headers.first(name: "Docker-Content-Digest"), OCIDigest(digest) != nil { return digest }
            return try await fetchManifestUnbounded(reference).digest
        }
    }

    /// The manifest or index `reference` names, its bytes checked against the reference's digest when it has one.
    public func fetchManifest(_ reference: OCIReference) async throws(OCIError) -> FetchedManifest {
        try await bounded(reference) { try await fetchManifestUnbounded(reference) }
    }

    func fetchManifestUnbounded(_ reference: OCIReference) async throws(OCIError) -> FetchedManifest {
        let reply = try await send(reference, .GET, path: "/manifests/\(reference.manifestReference)", scope: .pull,
                                   headers: [("Accept", OCIMediaType.acceptedManifests.joined(separator: ", "))])
        if let length = reply.response.headers.first(name: "Content-Length").flatMap(Int64.init), length > options.maxManifestSize {
            throw OCIError(.tooLarge, reference: reference.description,
                           "manifest of \(length) bytes exceeds the limit of \(options.maxManifestSize) bytes")
        }
        let bytes = try await reply.collect(reference, limit: options.maxManifestSize, what: "manifest")
        let digest = OCIDigest.sha256(of: bytes)
        if let expected = reference.digest {
            guard let parsed = OCIDigest(expected) else {
                throw OCIError(.invalidReference, reference: reference.description, "invalid digest '\(expected)'")
            }
            var hasher = OCIDigest.Hasher(algorithm: parsed.algorithm)
            hasher.update(bytes)
            let actual = hasher.finalize()
            guard actual == parsed else {
                throw OCIError(.digestMismatch, reference: reference.description, "manifest digest mismatch: expected \(expected), got \(actual)")
            }
        }
        let manifest: OCIManifest
        do { manifest = try JSONDecoder().decode(OCIManifest.self, from: Data(bytes)) } catch {
            throw OCIError(.invalidManifest, reference: reference.description, "manifest is not valid JSON: \(error)")
        }
        let contentType = reply.response.headers.first(name: "Content-Type")?.split(separator: ";").first.map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        let mediaType = manifest.mediaType ?? contentType ?? OCIMediaType.imageManifest
        guard OCIMediaType.acceptedManifests.contains(mediaType) else {
            throw OCIError(.invalidManifest, reference: reference.description, "unsupported manifest media type '\(mediaType)'")
        }
        return FetchedManifest(manifest: manifest, bytes: bytes, digest: reference.digest ?? digest.description, mediaType: mediaType)
    }

    /// The blob `descriptor` names, read only when its announced size is within `maxSize` (``OCIClientOptions/maxBlobSize``
    /// when nil), every byte hashed while streaming and checked against the descriptor's digest and size.
    public func fetchBlob(_ reference: OCIReference, _ descriptor: OCIDescriptor, maxSize: Int64? = nil) async throws(OCIError) -> [UInt8] {
        let limit = maxSize ?? options.maxBlobSize
        let name = reference.with(digest: descriptor.digest).description
        guard let digest = OCIDigest(descriptor.digest) else {
            throw OCIError(.invalidManifest, reference: name, "invalid blob digest '\(descriptor.digest)'")
        }
        guard descriptor.size >= 0 else { throw OCIError(.invalidManifest, reference: name, "negative blob size \(descriptor.size)") }
        guard descriptor.size <= limit else {
            throw OCIError(.tooLarge, reference: name, "blob of \(descriptor.size) bytes exceeds the limit of \(limit) bytes")
        }
        return try await bounded(reference) {
            let reply = try await send(reference, .GET, path: "/blobs/\(descriptor.digest)", scope: .pull)
            var hasher = OCIDigest.Hasher(algorithm: digest.algorithm)
            var bytes: [UInt8] = []
            bytes.reserveCapacity(Int(descriptor.size))
            do {
                for try await chunk in reply.response.body {
                    // Subtraction, not addition: no overflow whatever the server sends.
                    guard chunk.readableBytes <= Int(descriptor.size) - bytes.count else {
                        throw OCIError(.digestMismatch, reference: name, "blob is longer than its announced \(descriptor.size) bytes")
                    }
                    chunk.withUnsafeReadableBytes { hasher.update($0) }
                    bytes.append(contentsOf: chunk.readableBytesView)
                }
            } catch let error as OCIError {
                throw error
            } catch {
                throw OCIError(.transport, reference: name, "reading blob: \(error)")
            }
            guard bytes.count == Int(descriptor.size) else {
                throw OCIError(.digestMismatch, reference: name, "blob is \(bytes.count) bytes, its descriptor announces \(descriptor.size)")
            }
            let actual = hasher.finalize()
            guard actual == digest else {
                throw OCIError(.digestMismatch, reference: name, "blob digest mismatch: expected \(digest), got \(actual)")
            }
            return bytes
        }
    }

    /// Every tag of the repository, following `Link` pagination (at most 10,000 pages).
    public func listTags(_ reference: OCIReference) async throws(OCIError) -> [String] {
        try await bounded(reference) {
            var tags: [String] = []
            var next: String? = "/tags/list?n=1000"
            var pages = 0
            while let path = next, pages < 10_000 {
                pages += 1
                let reply = try await send(reference, .GET, path: path, scope: .pull)
                let link = reply.response.headers.first(name: "Link")
                let bytes = try await reply.collect(reference, limit: options.maxManifestSize, what: "tag list")
                struct TagList: Decodable { var tags: [String]? }
                do { tags += try JSONDecoder().decode(TagList.self, from: Data(bytes)).tags ?? [] } catch {
                    throw OCIError(.invalidManifest, reference: reference.description, "tag list is not valid JSON: \(error)")
                }
                next = link.flatMap { Self.nextPage(link: $0, repository: reference.repository) }
            }
            return tags
        }
    }

    /// The path after `/v2/<repository>` of a `Link: </v2/<repository>/tags/list?n=…&last=…>; rel="next"` header, when it
    /// stays on this repository's tag list (a link elsewhere is not followed).
    static func nextPage(link: String, repository: String) -> String? {
        guard let open = link.firstIndex(of: "<"), let close = link.firstIndex(of: ">"), open < close,
            link[close...].contains("rel=\"next\"") || link[close...].contains("rel=next")
        else { return nil }
        var target = String(link[link.index(after: open)..<close])
        if let url = URL(string: target), url.host != nil {
            target = url.path + (url.query.map { "?\($0)" } ?? "")
        }
        let prefix = "/v2/\(repository)"
        guard target.hasPrefix(prefix + "/tags/list") else { return nil }
        return String(target.dropFirst(prefix.count))
    }

    // MARK: Push

    /// Uploads `bytes` as a blob (skipped when the registry has it), monolithically: `POST` an upload, `PUT` the bytes.
    public func pushBlob(_ reference: OCIReference, _ bytes: [UInt8], mediaType: String) async throws(OCIError) -> OCIDescriptor {
        let digest = OCIDigest.sha256(of: bytes).description
        let descriptor = OCIDescriptor(mediaType: mediaType, digest: digest, size: Int64(bytes.count))
        return try await bounded(reference) {
            let head = try await send(reference, .HEAD, path: "/blobs/\(digest)", scope: .push, accepting: [200, 404])
            if head.response.status.code == 200 { return descriptor }
            let start = try await send(reference, .POST, path: "/blobs/uploads/", scope: .push, accepting: [202])
            _ = try await start.collect(reference, limit: 64 << 10)
            guard let location = start.response.headers.first(name: "Location") else {
                throw OCIError(.registry, reference: reference.description, "blob upload started without a Location")
            }
            let separator = location.contains("?") ? "&" : "?"
            let target = location + separator + "digest=" + (digest.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? digest)
            let put = try await send(reference, .PUT, location: target, scope: .push, body: bytes,
                                     headers: [("Content-Type", "application/octet-stream")], accepting: [201, 204])
            _ = try await put.collect(reference, limit: 64 << 10)
            return descriptor
        }
    }

    /// Uploads a manifest under `reference`'s tag (or digest); returns its digest.
    public func pushManifest(_ reference: OCIReference, _ bytes: [UInt8], mediaType: String) async throws(OCIError) -> String {
        try await bounded(reference) {
            let reply = try await send(reference, .PUT, path: "/manifests/\(reference.manifestReference)", scope: .push, body: bytes,
                                       headers: [("Content-Type", mediaType)], accepting: [200, 201])
            _ = try await reply.collect(reference, limit: 64 << 10)
            return OCIDigest.sha256(of: bytes).description
        }
    }

    /// Tags the manifest `reference` names with `tag` (its exact bytes put under the new tag); returns its digest.
    public func tag(_ reference: OCIReference, as tag: String) async throws(OCIError) -> String {
        guard OCIReference.isValidTag(tag) else { throw OCIError(.invalidReference, reference: reference.description, "invalid tag '\(tag)'") }
        let fetched = try await fetchManifest(reference)
        _ = try await pushManifest(reference.with(tag: tag), fetched.bytes, mediaType: fetched.mediaType)
        return fetched.digest
    }

    // MARK: Deadline

    /// Runs `body` within ``OCIClientOptions/timeout``: past it, the work is cancelled and `.timeout` thrown.
    func bounded<T: Sendable>(_ reference: OCIReference, _ body: @escaping @Sendable () async throws -> T) async throws(OCIError) -> T {
        let timeout = options.timeout
        do {
            return try await withThrowingTaskGroup(of: T?.self) { group in
                group.addTask { try await body() }
                group.addTask {
                    try await Task.sleep(for: timeout)
                    return nil
                }
                defer { group.cancelAll() }
                guard case .some(.some(let value)) = try await group.next() else {
                    throw OCIError(.timeout, reference: reference.description, "no answer within \(timeout)")
                }
                return value
            }
        } catch let error as OCIError {
            throw error
        } catch is CancellationError {
            throw OCIError(.timeout, reference: reference.description, "cancelled")
        } catch {
            throw OCIError(.transport, reference: reference.description, "\(error)")
        }
    }
}
