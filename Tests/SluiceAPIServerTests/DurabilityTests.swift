import Foundation
import SluiceTestSupport
import Synchronization
import Testing

/// An acknowledged write is on disk: it survives `kill -9`, and a write whose commit fails is answered 500 and
/// leaves nothing behind, in memory, on disk or in a watch.
@Suite struct DurabilityTests {
    static let configMaps = "/api/v1/namespaces/default/configmaps"

    static func configMap(_ name: String) throws -> Data {
        try JSONSerialization.data(withJSONObject: ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": name], "data": ["k": name]])
    }

    static func resourceVersion(_ body: Data) throws -> Int {
        let metadata = try TestServer.json(body)["metadata"] as? [String: Any]
        return Int(metadata?["resourceVersion"] as? String ?? "") ?? -1
    }

    /// Acknowledged names and their resource versions, shared by the writing tasks.
    final class Acknowledged: Sendable {
        private let entries = Mutex<[String: Int]>([:])
        func add(_ name: String, _ resourceVersion: Int) { entries.withLock { $0[name] = resourceVersion } }
        var all: [String: Int] { entries.withLock { $0 } }
    }

    @Test func acknowledgedCreatesSurviveKill9() async throws {
        let server = try await TestServer(["--no-simulate"])
        let acknowledged = Acknowledged()
        // Sixteen writers, each creating until the server is gone; the kill comes while they are all writing.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<16 {
                group.addTask {
                    var index = 0
                    while true {
                        let name = "w\(writer)-\(index)"
                        index += 1
                        guard let answer = try? await server.http("POST", Self.configMaps, body: try Self.configMap(name)) else { return }
                        guard answer.status == 201 else { return }
                        acknowledged.add(name, try Self.resourceVersion(answer.body))
                    }
                }
            }
            try await eventually(timeout: .seconds(120)) { acknowledged.all.count >= 300 }
            kill(server.process.processIdentifier, SIGKILL)
            try await group.waitForAll()
        }
        let acked = acknowledged.all
        let restarted = try await TestServer(["--no-simulate"], directory: server.directory)
        defer { restarted.stopNow() }
        let list = try TestServer.json(try await restarted.http("GET", Self.configMaps).body)
        var stored: [String: Int] = [:]
        for item in list["items"] as? [[String: Any]] ?? [] {
            let metadata = item["metadata"] as? [String: Any] ?? [:]
            stored[metadata["name"] as? String ?? ""] = Int(metadata["resourceVersion"] as? String ?? "")
        }
        let missing = acked.keys.filter { stored[$0] == nil }.sorted()
        #expect(missing.isEmpty, "\(missing.count) of \(acked.count) acknowledged creates were lost: \(missing.prefix(10))")
        for (name, resourceVersion) in acked where stored[name] != nil {
            #expect(stored[name] == resourceVersion, "\(name) came back at another resource version")
        }
        // Resource versions go on from the highest one given out, never back.
        let next = try await restarted.http("POST", Self.configMaps, body: try Self.configMap("after-restart"))
        #expect(next.status == 201)
        #expect(try Self.resourceVersion(next.body) > (acked.values.max() ?? 0))
    }

    @Test func aFailedCommitFailsTheRequestAndChangesNothing() async throws {
        let server = try await TestServer(["--no-simulate"])
        defer { server.stopNow() }
        let before = try await server.http("POST", Self.configMaps, body: try Self.configMap("before"))
        #expect(before.status == 201)
        let beforeVersion = try Self.resourceVersion(before.body)

        // Another process holds cluster.db's write lock past the server's busy timeout, so its commit fails.
        let database = server.directory.appendingPathComponent("cluster.db").path
        let locked = server.directory.appendingPathComponent("locked").path
        let release = server.directory.appendingPathComponent("release").path
        let script = """
            BEGIN IMMEDIATE;
            .shell touch '\(locked)'
            .shell while [ ! -e '\(release)' ]; do sleep 0.1; done
            ROLLBACK;
            """
        let holder = Task { try await Shell.execute("sqlite3", [database], input: Data(script.utf8)) }
        try await eventually { FileManager.default.fileExists(atPath: locked) }

        let failed = try await server.http("POST", Self.configMaps, body: try Self.configMap("lost"))
        #expect(failed.status == 500, "\(String(decoding: failed.body, as: UTF8.self))")
        #expect(try TestServer.json(failed.body)["reason"] as? String == "InternalError")
        // Memory equals disk: the object is not there, and other writes still work once the disk does.
        #expect(try await server.http("GET", "\(Self.configMaps)/lost").status == 404)
        FileManager.default.createFile(atPath: release, contents: nil)
        _ = try await holder.value
        let after = try await server.http("POST", Self.configMaps, body: try Self.configMap("after"))
        #expect(after.status == 201)
        #expect(try Self.resourceVersion(after.body) > beforeVersion + 1, "the failed write's resource version is not given out again")
        // A watch from before the failed write sees what was committed after it, and nothing of the failed write.
        let watch = try await server.http("GET", "\(Self.configMaps)?watch=true&resourceVersion=\(beforeVersion)&timeoutSeconds=1")
        let events = String(decoding: watch.body, as: UTF8.self)
        #expect(!events.contains("\"lost\""), "a watch saw the write that was not committed: \(events)")
        #expect(events.contains("\"after\""))

        // And after a kill and a restart, the disk has what memory had.
        kill(server.process.processIdentifier, SIGKILL)
        server.process.waitUntilExit()
        let restarted = try await TestServer(["--no-simulate"], directory: server.directory)
        defer { restarted.stopNow() }
        #expect(try await restarted.http("GET", "\(Self.configMaps)/before").status == 200)
        #expect(try await restarted.http("GET", "\(Self.configMaps)/after").status == 200)
        #expect(try await restarted.http("GET", "\(Self.configMaps)/lost").status == 404)
    }
}
