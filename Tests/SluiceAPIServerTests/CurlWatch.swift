import Foundation
import SluiceTestSupport

/// A watch streamed by `curl` into files: a real client on its own socket, which can stop reading (SIGSTOP)
/// while the server keeps writing, and resume.
final class CurlWatch: Sendable {
    let process: Process
    let headersFile: URL
    let bodyFile: URL

    /// Starts `curl -N` on `path` (with the bearer token and `headers`, such as `Impersonate-User: alice`) against `server`.
    init(_ server: TestServer, _ path: String, headers: [String] = []) throws {
        let scratch = server.directory.appendingPathComponent("curl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        headersFile = scratch.appendingPathComponent("headers")
        bodyFile = scratch.appendingPathComponent("body")
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["curl", "-s", "-N", "--cacert", server.cluster.caCertificate.path, "-D", headersFile.path, "-o", bodyFile.path,
                             "-H", "Authorization: Bearer \(server.token)"] + headers.flatMap { ["-H", $0] } + [server.baseURL + path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    /// The response headers received so far.
    var headers: String { (try? String(contentsOf: headersFile, encoding: .utf8)) ?? "" }
    /// The body received so far.
    var body: String { (try? String(contentsOf: bodyFile, encoding: .utf8)) ?? "" }
    /// The HTTP status, once the headers are in.
    var status: Int? { headers.split(separator: " ").dropFirst().first.flatMap { Int($0) } }

    /// Stops reading: the process is paused, its socket buffers fill.
    func pause() { kill(process.processIdentifier, SIGSTOP) }
    /// Reads again.
    func resume() { kill(process.processIdentifier, SIGCONT) }
    /// Ends the client.
    func end() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        kill(process.processIdentifier, SIGCONT)
    }

    deinit { end() }
}
