import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore
import NIOSSL
import Synchronization

/// Smart HTTP on 127.0.0.1: a real HTTP(S) listener that runs `git http-backend` as a CGI child per request.
///
/// Optionally demands basic auth or a bearer token (401 with a `Basic` challenge otherwise, as Git hosts do), and
/// optionally speaks TLS with a certificate from a fresh test CA.
public final class GitHTTPServer: Sendable {
    /// The port it listens on.
    public let port: Int
    /// The directory it serves (`GIT_PROJECT_ROOT`).
    public let root: URL
    /// The CA and server certificate when it speaks TLS.
    public let certificates: TLSCertificateFiles?
    private let task: Task<Void, any Error>
    private let recorded: RequestLog

    /// `https` or `http`.
    public var scheme: String { certificates == nil ? "http" : "https" }

    /// `SCHEME://HOST:PORT/<repository>`; `host` may be `localhost` (it resolves to 127.0.0.1 here).
    public func url(_ repository: String, host: String = "127.0.0.1") -> String { "\(scheme)://\(host):\(port)/\(repository)" }

    /// The requests served so far, as `METHOD /path?query` and the status: `GET /repo.git/info/refs?service=git-upload-pack 200`.
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
    ///   - bearerToken: the only bearer token accepted, if any.
    ///   - tls: certificates to serve HTTPS with (see `TLSCertificateFiles.generate`).
    public static func start(root: URL, basicAuth: (username: String, password: String)? = nil, bearerToken: String? = nil,
                             tls: TLSCertificateFiles? = nil) async throws -> GitHTTPServer {
        let recorded = RequestLog()
        let expectedAuthorization: String? = basicAuth.map { "Basic " + Data("\($0.username):\($0.password)".utf8).base64EncodedString() }
            ?? bearerToken.map { "Bearer \($0)" }
        let remoteUser = basicAuth?.username ?? (bearerToken == nil ? nil : "token")
        let projectRoot = root.path
        let responder = CallbackResponder<BasicRequestContext> { request, _ in
            let line = "\(request.method.rawValue) \(request.uri.path)\(request.uri.query.map { "?\($0)" } ?? "")"
            if let expectedAuthorization, request.headers[.authorization] != expectedAuthorization {
                recorded.lines.withLock { $0.append("\(line) 401") }
                var fields = HTTPFields()
                fields[.wwwAuthenticate] = "Basic realm=\"git\""
                return Response(status: .unauthorized, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(string: "unauthorized\n")))
            }
            let body = try await request.body.collect(upTo: 512 << 20)
            let reply = try await CGI.run(
                projectRoot: projectRoot, method: request.method.rawValue, path: request.uri.path, query: request.uri.query ?? "",
                contentType: request.headers[.contentType], contentEncoding: request.headers[.contentEncoding],
                remoteUser: remoteUser, body: Array(buffer: body))
            recorded.lines.withLock { $0.append("\(line) \(reply.status)") }
            return Response(status: HTTPResponse.Status(code: reply.status), headers: reply.headers,
                            body: ResponseBody(byteBuffer: ByteBuffer(bytes: reply.body)))
        }
        let (port, task) = try await LoopbackHTTPServer.start(responder: responder, tls: tls, label: "git HTTP server")
        return GitHTTPServer(port: port, root: root, certificates: tls, task: task, recorded: recorded)
    }

    /// Stops the server.
    public func stop() { task.cancel() }

    /// The requests served, shared with the responder.
    final class RequestLog: Sendable {
        let lines = Mutex<[String]>([])
    }

    /// `git http-backend` as a CGI program.
    enum CGI {
        /// Runs one request through `git http-backend` and parses its CGI reply.
        static func run(projectRoot: String, method: String, path: String, query: String, contentType: String?,
                        contentEncoding: String?, remoteUser: String?, body: [UInt8]) async throws -> (status: Int, headers: HTTPFields, body: [UInt8]) {
            let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-cgi-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: scratch) }
            let input = scratch.appendingPathComponent("in")
            let output = scratch.appendingPathComponent("out")
            try Data(body).write(to: input)
            _ = FileManager.default.createFile(atPath: output.path, contents: nil)
            var environment = [
                "GIT_PROJECT_ROOT": projectRoot, "GIT_HTTP_EXPORT_ALL": "1", "GIT_CONFIG_NOSYSTEM": "1",
                "REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": query,
                "CONTENT_LENGTH": "\(body.count)", "REMOTE_ADDR": "127.0.0.1", "SERVER_PROTOCOL": "HTTP/1.1",
                "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            ]
            if let contentType { environment["CONTENT_TYPE"] = contentType }
            if let contentEncoding { environment["HTTP_CONTENT_ENCODING"] = contentEncoding }
            if let remoteUser { environment["REMOTE_USER"] = remoteUser }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/lib/git-core/git-http-backend")
            process.environment = environment
            let inHandle = try FileHandle(forReadingFrom: input)
            let outHandle = try FileHandle(forWritingTo: output)
            defer { try? inHandle.close(); try? outHandle.close() }
            process.standardInput = inHandle
            process.standardOutput = outHandle
            process.standardError = FileHandle.nullDevice
            let status: Int32 = try await withCheckedThrowingContinuation { continuation in
                process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
                do { try process.run() } catch { continuation.resume(throwing: error) }
            }
            let reply = [UInt8](try Data(contentsOf: output))
            return parse(reply, exitStatus: status)
        }

        /// Splits a CGI reply into status (from `Status:`, default 200), headers and body.
        static func parse(_ reply: [UInt8], exitStatus: Int32) -> (status: Int, headers: HTTPFields, body: [UInt8]) {
            var headerEnd = reply.count
            var bodyStart = reply.count
            for index in reply.indices {
                if reply[index] == 10, index + 1 < reply.count, reply[index + 1] == 10 { headerEnd = index; bodyStart = index + 2; break }
                if reply[index] == 13, index + 3 < reply.count, reply[index + 1] == 10, reply[index + 2] == 13, reply[index + 3] == 10 {
                    headerEnd = index; bodyStart = index + 4; break
                }
            }
            var status = exitStatus == 0 ? 200 : 500
            var headers = HTTPFields()
            for line in String(decoding: reply[0..<headerEnd], as: UTF8.self).split(whereSeparator: \.isNewline) {
                guard let colon = line.firstIndex(of: ":") else { continue }
                let name = line[..<colon].trimmingCharacters(in: .whitespaces)
                let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                if name.lowercased() == "status" {
                    status = Int(value.prefix { $0.isNumber }) ?? status
                } else if let field = HTTPField.Name(name) {
                    headers.append(HTTPField(name: field, value: value))
                }
            }
            return (status, headers, Array(reply[min(bodyStart, reply.count)...]))
        }
    }
}
