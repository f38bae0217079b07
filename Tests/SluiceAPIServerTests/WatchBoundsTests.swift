import Foundation
import SluiceTestSupport
import Testing

/// Watches are capped (429 with Retry-After beyond `--max-watches`), and a watch whose client stops reading is
/// closed once it falls too far behind, instead of buffering without limit; other clients keep working.
@Suite struct WatchBoundsTests {
    static let configMaps = "/api/v1/namespaces/default/configmaps"

    /// The server's resident memory in bytes.
    static func residentMemory(_ server: TestServer) throws -> Int {
        let status = try String(contentsOfFile: "/proc/\(server.process.processIdentifier)/status", encoding: .utf8)
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
        return (Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0) * 1024
    }

    static func resourceVersion(_ server: TestServer) async throws -> String {
        let list = try TestServer.json(try await server.http("GET", Self.configMaps).body)
        return (list["metadata"] as? [String: Any])?["resourceVersion"] as? String ?? ""
    }

    @Test func watchesBeyondTheCapGet429WithRetryAfter() async throws {
        let server = try await TestServer(["--max-watches", "3"])
        defer { server.stopNow() }
        // Each watch starts with this object as ADDED, so each client has its answer before the next one asks.
        #expect(try await server.http("POST", Self.configMaps, body: Data(#"{"metadata":{"name":"first"}}"#.utf8)).status == 201)
        let open = try (0..<3).map { _ in try CurlWatch(server, "\(Self.configMaps)?watch=true&timeoutSeconds=600") }
        try await eventually { open.allSatisfy { $0.status == 200 && $0.body.contains("\"first\"") } }
        let refused = try CurlWatch(server, "\(Self.configMaps)?watch=true&timeoutSeconds=600")
        try await eventually { !refused.process.isRunning }
        #expect(refused.status == 429, "\(refused.headers)")
        #expect(refused.headers.lowercased().contains("retry-after: 1"), "\(refused.headers)")
        #expect(refused.body.contains("TooManyRequests"), "\(refused.body)")
        // Other requests are not capped, and the open watches still get events.
        #expect(try await server.http("POST", Self.configMaps, body: Data(#"{"metadata":{"name":"seen"}}"#.utf8)).status == 201)
        try await eventually { open.allSatisfy { $0.body.contains("\"seen\"") } }
        // A watch that ends gives its place back.
        open[0].end()
        try await eventually {
            let next = try CurlWatch(server, "\(Self.configMaps)?watch=true&timeoutSeconds=1")
            defer { next.end() }
            try await eventually { !next.process.isRunning }
            return next.status == 200
        }
    }

    @Test func aClientThatStopsReadingIsClosedAndMemoryStaysBounded() async throws {
        let server = try await TestServer(["--no-simulate", "--max-watches", "2"])
        defer { server.stopNow() }
        #expect(try await server.http("POST", Self.configMaps, body: Data(#"{"metadata":{"name":"big"}}"#.utf8)).status == 201)
        let from = try await Self.resourceVersion(server)
        let stalled = try CurlWatch(server, "\(Self.configMaps)?watch=true&resourceVersion=\(from)")
        let reading = try CurlWatch(server, "\(Self.configMaps)?watch=true&resourceVersion=\(from)")
        try await eventually { stalled.status == 200 && reading.status == 200 }
        stalled.pause()
        let memoryBefore = try Self.residentMemory(server)

        // 1500 updates of 32 KiB each (48 MiB of events), from eight writers; far more than the socket buffers and the
        // watch's buffer hold.
        let updates = 1500
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<8 {
                group.addTask {
                    for index in stride(from: writer, to: updates, by: 8) {
                        let value = String(repeating: Character(UnicodeScalar(UInt8(97 + index % 26))), count: 32 * 1024)
                        let patch = try JSONSerialization.data(withJSONObject: ["data": ["v": value, "n": String(index)]])
                        let answer = try await server.http("PATCH", "\(Self.configMaps)/big", body: patch,
                                                           contentType: "application/merge-patch+json")
                        #expect(answer.status == 200)
                    }
                }
            }
            try await group.waitForAll()
        }
        let final = try TestServer.json(try await server.http("GET", "\(Self.configMaps)/big").body)
        let finalVersion = (final["metadata"] as? [String: Any])?["resourceVersion"] as? String ?? ""
        // The client that reads got every change, up to the last one.
        try await eventually(timeout: .seconds(120)) { reading.body.contains("\"resourceVersion\":\"\(finalVersion)\"") }
        let growth = try Self.residentMemory(server) - memoryBefore
        #expect(growth < 96 << 20, "the server grew by \(growth >> 20) MiB while a client did not read")

        // The stalled client, once it reads again, gets what was buffered and then the end of its watch (it would
        // watch again from its last resource version); it never saw the last change.
        stalled.resume()
        try await eventually(timeout: .seconds(120)) { !stalled.process.isRunning }
        #expect(!stalled.body.contains("\"resourceVersion\":\"\(finalVersion)\""))
        // And its place is free again.
        let again = try CurlWatch(server, "\(Self.configMaps)?watch=true&resourceVersion=\(finalVersion)&timeoutSeconds=1")
        try await eventually { !again.process.isRunning }
        #expect(again.status == 200)
        reading.end()
    }
}
