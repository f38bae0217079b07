import Foundation
import SluiceTestSupport
import Testing

/// `GET /metrics`: the authenticated requests served, by client (the `User-Agent`'s product) and method, as the
/// benchmarks read them; only with the token; a client cannot break the exposition or grow the table.
@Suite("Request metrics", .serialized)
struct RequestMetricsTests {
    /// `client="…"` lines of the exposition, by client and method.
    static func counts(_ server: TestServer) async throws -> [String: Int] {
        let answer = try await server.http("GET", "/metrics")
        #expect(answer.status == 200)
        var counts: [String: Int] = [:]
        for line in String(decoding: answer.body, as: UTF8.self).split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: " ")
            #expect(parts.count == 2 && line.hasPrefix("apiserver_request_total{client=\""), "malformed line: \(line)")
            counts[String(parts[0]), default: 0] += Int(parts.last ?? "") ?? 0
        }
        return counts
    }

    @Test(.enabled(if: TestServer.kubectl != nil, "kubectl is not installed"))
    func requestsAreCountedByClientAndOnlyServedWithTheToken() async throws {
        let server = try await TestServer()
        defer { server.stopNow() }
        _ = try await server.ok(["get", "namespaces"])
        _ = try await server.ok(["create", "configmap", "counted", "--from-literal=a=1"])
        let counts = try await Self.counts(server)
        #expect((counts[#"apiserver_request_total{client="kubectl",method="GET"}"#] ?? 0) >= 1, "\(counts)")
        #expect((counts[#"apiserver_request_total{client="kubectl",method="POST"}"#] ?? 0) == 1, "\(counts)")
        #expect(try await server.http("GET", "/metrics", token: false).status == 401)

        // Hostile User-Agents: quotes, braces and newlines never reach the exposition; past 32 clients, `other`.
        let config = server.cluster.directory.appendingPathComponent("curl-token")
        try Data("header = \"Authorization: Bearer \(server.token)\"\n".utf8).write(to: config)
        for index in 0..<40 {
            try await Shell.run("/usr/bin/curl", ["-sS", "-o", "/dev/null", "--cacert", server.cluster.caCertificate.path, "-K", config.path,
                                                  "-A", "evil\"} 1\\n{x\(index)/1.0", "\(server.cluster.baseURL)/api"])
        }
        let after = try await Self.counts(server)
        #expect(after.keys.contains(#"apiserver_request_total{client="evil1nx0",method="GET"}"#), "\(after.keys.sorted())")
        #expect(after[#"apiserver_request_total{client="other",method="GET"}"#] != nil, "\(after.keys.sorted())")
        #expect(Set(after.keys.map { $0.split(separator: ",").first ?? "" }).count <= 33)
    }
}
