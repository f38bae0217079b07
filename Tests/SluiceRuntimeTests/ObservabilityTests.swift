import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Logging
import SluiceAPI
import Synchronization
import SluiceTestSupport
import Testing
@testable import SluiceRuntime

@Suite struct ObservabilityTests {
    @Test func servesMetricsHealthAndReadiness() async throws {
        let metrics = ControllerMetrics()
        metrics.recordDuration(kind: "GitRepository", namespace: "ns", name: "repo", duration: .milliseconds(30))
        let health = HealthState()
        let port = Mutex(0)
        let server = ObservabilityServer(address: ListenAddress(host: "127.0.0.1", port: 0), flag: "--metrics-addr", metrics: metrics, health: health, logger: Logger(label: "test")) { bound in
            port.withLock { $0 = bound }
        }
        let task = Task { try await server.run() }
        defer { task.cancel() }
        try await eventually { port.withLock { $0 } != 0 }
        let base = "http://127.0.0.1:\(port.withLock { $0 })"
        let (metricsBody, metricsResponse) = try await URLSession.shared.data(from: URL(string: base + "/metrics")!)
        #expect((metricsResponse as? HTTPURLResponse)?.statusCode == 200)
        #expect(String(decoding: metricsBody, as: UTF8.self).contains("gotk_reconcile_duration_seconds_count{kind=\"GitRepository\",name=\"repo\",namespace=\"ns\"} 1"))
        let (_, healthz) = try await URLSession.shared.data(from: URL(string: base + "/healthz")!)
        #expect((healthz as? HTTPURLResponse)?.statusCode == 200)
        let (_, notReady) = try await URLSession.shared.data(from: URL(string: base + "/readyz")!)
        #expect((notReady as? HTTPURLResponse)?.statusCode == 503)
        health.setReady(true)
        let (_, ready) = try await URLSession.shared.data(from: URL(string: base + "/readyz")!)
        #expect((ready as? HTTPURLResponse)?.statusCode == 200)
    }

    @Test func jsonLogsHaveFluxShape() throws {
        let lines = Mutex<[String]>([])
        var logger = Logger(label: "source-controller") { label in
            JSONLogHandler(label: label, level: .info) { line in lines.withLock { $0.append(line) } }
        }
        logger[metadataKey: "controller"] = "gitrepository"
        logger.debug("dropped")
        logger.warning("fetch failed", metadata: ["name": "podinfo"])
        let written = lines.withLock { $0 }
        #expect(written.count == 1)
        let object = try JSONSerialization.jsonObject(with: Data(written[0].utf8)) as? [String: Any]
        #expect(object?["level"] as? String == "warn")
        #expect(object?["msg"] as? String == "fetch failed")
        #expect(object?["logger"] as? String == "source-controller")
        #expect(object?["controller"] as? String == "gitrepository")
        #expect(object?["name"] as? String == "podinfo")
        #expect(object?["ts"] is String)
    }

    @Test func listenAddressesDefaultToLoopback() {
        #expect(ListenAddress(argument: ":8080") == ListenAddress(host: "127.0.0.1", port: 8080))
        #expect(ListenAddress(argument: "0.0.0.0:9440") == ListenAddress(host: "0.0.0.0", port: 9440))
        #expect(ListenAddress(argument: "[::1]:80")?.host == "::1")
        #expect(ListenAddress(argument: "nope") == nil)
        #expect(ListenAddress(argument: "host:70000") == nil)
    }
}
