import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore
import NIOSSL
import Synchronization

/// A Helm chart repository on 127.0.0.1: a real HTTP(S) listener serving the files of a directory (`index.yaml`
/// and chart packages), as GitHub Pages or a ChartMuseum serves them.
///
/// Optionally demands basic auth (401 with a `Basic` challenge otherwise), speaks TLS with a certificate from a
/// fresh test CA, and sends `index.yaml` gzip-encoded (`Content-Encoding: gzip`). Every request is recorded with its
/// status and whether it carried an `Authorization` header, so tests can check where credentials went.
public final class ChartRepositoryServer: Sendable {
    /// The port it listens on.
    public let port: Int
    /// The directory it serves.
    public let root: URL
    /// The CA and server certificate when it speaks TLS.
    public let certificates: TLSCertificateFiles?
    private let task: Task<Void, any Error>
    private let recorded: RequestLog

    /// `https` or `http`.
    public var scheme: String { certificates == nil ? "http" : "https" }

    /// `SCHEME://HOST:PORT/` (or with `path` appended).
    public func url(_ path: String = "", host: String = "127.0.0.1") -> String { "\(scheme)://\(host):\(port)/\(path)" }

    /// The requests served so far: `GET /index.yaml 200 auth` (`auth` when an `Authorization` header came, else `-`).
    public var requests: [String] { recorded.lines.withLock { $0 } }

    /// Forgets the recorded requests.
    public func clearRequests() { recorded.lines.withLock { $0.removeAll() } }

    private init(port: Int, root: URL, certificates: TLSCertificateFiles?, task: Task<Void, any Error>, recorded: RequestLog) {
        self.port = port
        self.root = root
        self.certificates = certificates
        self.task = task
        self.recorded = recorded
    }

    /// Starts a server for `root` on a kernel-chosen port.
    /// - Parameters:
    ///   - basicAuth: the only user name and password accepted, if any.
    ///   - tls: certificates to serve HTTPS with (see `TLSCertificateFiles.generate`).
    ///   - gzipIndex: whether `index.yaml` is sent gzip-encoded.
    public static func start(root: URL, basicAuth: (username: String, password: String)? = nil, tls: TLSCertificateFiles? = nil,
                             gzipIndex: Bool = false) async throws -> ChartRepositoryServer
    {
        let recorded = RequestLog()
        let expectedAuthorization = basicAuth.map { "Basic " + Data("\($0.username):\($0.password)".utf8).base64EncodedString() }
        let rootPath = root.path
        let responder = CallbackResponder<BasicRequestContext> { request, _ in
            let path = request.uri.path
            let authorization = request.headers[.authorization]
            func record(_ status: Int) {
                recorded.lines.withLock { $0.append("\(request.method.rawValue) \(path) \(status) \(authorization == nil ? "-" : "auth")") }
            }
            if let expectedAuthorization, authorization != expectedAuthorization {
                record(401)
                var fields = HTTPFields()
                fields[.wwwAuthenticate] = "Basic realm=\"charts\""
                return Response(status: .unauthorized, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(string: "unauthorized\n")))
            }
            let elements = path.split(separator: "/").map(String.init)
            guard request.method == .get, !elements.isEmpty, !elements.contains(".."), !elements.contains("."),
                let data = FileManager.default.contents(atPath: rootPath + "/" + elements.joined(separator: "/"))
            else {
                record(404)
                return Response(status: .notFound, body: ResponseBody(byteBuffer: ByteBuffer(string: "not found\n")))
            }
            var fields = HTTPFields()
            var body = [UInt8](data)
            if gzipIndex, elements == ["index.yaml"] {
                body = try await gzip(body)
                fields[.contentEncoding] = "gzip"
            }
            fields[.contentType] = path.hasSuffix(".yaml") ? "text/yaml" : "application/octet-stream"
            record(200)
            return Response(status: .ok, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
        }
        let (port, task) = try await LoopbackHTTPServer.start(responder: responder, tls: tls, label: "chart repository server")
        return ChartRepositoryServer(port: port, root: root, certificates: tls, task: task, recorded: recorded)
    }

    /// `bytes` gzip-compressed by the real `gzip`.
    static func gzip(_ bytes: [UInt8]) async throws -> [UInt8] {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-gzip-\(UUID().uuidString)")
        try Data(bytes).write(to: scratch)
        defer { try? FileManager.default.removeItem(at: scratch.appendingPathExtension("gz")) }
        try await Shell.run("/usr/bin/gzip", ["-n", scratch.path])
        return [UInt8](try Data(contentsOf: scratch.appendingPathExtension("gz")))
    }

    /// Stops the server.
    public func stop() { task.cancel() }

    /// The requests served, shared with the responder.
    final class RequestLog: Sendable {
        let lines = Mutex<[String]>([])
    }
}
