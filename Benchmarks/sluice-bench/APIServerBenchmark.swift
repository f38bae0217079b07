import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL
import SluiceCore
import SluiceTestSupport
import Synchronization

/// `sluice-bench apiserver`: creates, updates, gets and lists on `sluice cluster serve`, and how fast a change reaches watchers.
///
/// Starts the real server as a child process on loopback, fills one namespace
/// with `--objects` ConfigMaps, and prints rates beside the aims of issue #3.
/// There is no reference API server on these machines to run side by side.
enum APIServerBenchmark {
    static let usage = """
        usage: sluice-bench apiserver [--objects 10000] [--concurrency 16] [--watchers 4] [--watch-events 1000]

          --objects N       ConfigMaps created, then updated and read (default 10000)
          --concurrency N   requests in flight at once (default 16)
          --watchers N      concurrent watches of the namespace (default 4)
          --watch-events N  changes timed from write to delivery at every watcher (default 1000)
        """

    static func run(_ arguments: [String]) async throws {
        let options = try BenchArguments(arguments, known: ["objects", "concurrency", "watchers", "watch-events"])
        let objects = try options.int("objects", default: 10_000)
        let concurrency = try options.int("concurrency", default: 16)
        let watchers = try options.int("watchers", default: 4)
        let watchEvents = try options.int("watch-events", default: 1_000)

        let cluster = try await LocalCluster()
        defer { cluster.stopNow() }
        let api = API(client: HTTPClient.shared, base: cluster.baseURL, token: cluster.token, tls: try cluster.tlsConfiguration())

        print("Sluice API server benchmark")
        print("  server    \(cluster.baseURL) (sluice cluster serve, child process, debug/release as built)")
        print("  workload  \(objects) ConfigMaps in one namespace, \(concurrency) requests in flight, \(watchers) watchers, \(watchEvents) timed changes\n")

        _ = try await api.send(.POST, "/api/v1/namespaces", ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "bench"]])
        let base = "/api/v1/namespaces/bench/configmaps"

        let creates = try await timed(objects, concurrency: concurrency) { index in
            try await api.send(.POST, base, ["apiVersion": "v1", "kind": "ConfigMap",
                                             "metadata": ["name": .string("cm-\(index)"), "labels": ["bench": "yes"]],
                                             "data": ["index": .string("\(index)")]])
        }
        let updates = try await timed(objects, concurrency: concurrency) { index in
            try await api.send(.PATCH, "\(base)/cm-\(index)", ["data": ["updated": "yes"]], contentType: "application/merge-patch+json")
        }
        let gets = try await timed(objects, concurrency: concurrency) { index in
            try await api.send(.GET, "\(base)/cm-\(index)")
        }
        let listCount = max(1, min(50, objects / 200))
        let lists = try await timed(listCount, concurrency: 1) { _ in
            var next: String? = ""
            while let token = next {
                let page = try await api.send(.GET, "\(base)?limit=500" + (token.isEmpty ? "" : "&continue=\(token)"))
                let value = try JSONParser().parse(page)
                next = value["metadata"]?["continue"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
            }
        }

        let latencies = try await watchLatency(api: api, base: base, watchers: watchers, events: watchEvents)

        func rate(_ count: Int, _ seconds: Double) -> String { String(format: "%10.0f/s", Double(count) / seconds) }
        print("  measure                        Sluice        aim (issue #3)")
        print("  ───────────────────────────   ───────────   ──────────────")
        print("  creates                        \(rate(objects, creates))   ≥ 2,000/s writes")
        print("  updates (merge patch)          \(rate(objects, updates))   ≥ 2,000/s writes")
        print("  gets                           \(rate(objects, gets))   ≥ 5,000/s reads")
        print("  lists of \(objects) (pages of 500)  \(rate(listCount, lists))")
        print("  listed objects                 \(rate(listCount * objects, lists))")
        print(String(format: "  watch delivery p50             %9.2f ms   ", percentile(latencies, 0.50) * 1000))
        print(String(format: "  watch delivery p99             %9.2f ms   < 50 ms", percentile(latencies, 0.99) * 1000))
        print(String(format: "  watch delivery max             %9.2f ms", (latencies.max() ?? 0) * 1000))
    }

    /// Runs `work` for `0..<count` with `concurrency` in flight; returns the seconds taken.
    static func timed(_ count: Int, concurrency: Int, _ work: @escaping @Sendable (Int) async throws -> Void) async throws -> Double {
        let clock = ContinuousClock()
        let started = clock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            var next = 0
            while next < min(concurrency, count) {
                let index = next
                group.addTask { try await work(index) }
                next += 1
            }
            while try await group.next() != nil {
                if next < count {
                    let index = next
                    group.addTask { try await work(index) }
                    next += 1
                }
            }
        }
        let elapsed = clock.now - started
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    /// Writes `events` changes one after another and measures, for every watcher, the time from sending each write to seeing it.
    static func watchLatency(api: API, base: String, watchers: Int, events: Int) async throws -> [Double] {
        let clock = ContinuousClock()
        let timing = WatchTiming()
        let list = try JSONParser().parse(try await api.send(.GET, "\(base)?limit=1"))
        let resourceVersion = list["metadata"]?["resourceVersion"]?.stringValue ?? "0"
        return try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<watchers {
                group.addTask {
                    let stream = try await api.stream("\(base)?watch=true&resourceVersion=\(resourceVersion)&labelSelector=timed%3Dyes")
                    timing.ready.withLock { $0 += 1 }
                    var seen = 0
                    for try await line in stream {
                        let received = clock.now
                        guard let event = try? JSONParser().parse(line), let name = event["object"]?["metadata"]?["name"]?.stringValue,
                            let start = timing.sent.withLock({ $0[name] })
                        else { continue }
                        let elapsed = received - start
                        timing.latencies.withLock { $0.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18) }
                        seen += 1
                        if seen == events { return }
                    }
                }
            }
            while timing.ready.withLock({ $0 }) < watchers { try await Task.sleep(for: .milliseconds(10)) }
            try await Task.sleep(for: .milliseconds(200))
            for index in 0..<events {
                let name = "timed-\(index)"
                timing.sent.withLock { $0[name] = clock.now }
                _ = try await api.send(.POST, base, ["apiVersion": "v1", "kind": "ConfigMap",
                                                     "metadata": ["name": .string(name), "labels": ["timed": "yes"]]])
            }
            try await group.waitForAll()
            return timing.latencies.withLock { $0 }
        }
    }

    /// What the watchers and the writer share while timing deliveries.
    final class WatchTiming: Sendable {
        /// When each timed object's create was sent, by name.
        let sent = Mutex<[String: ContinuousClock.Instant]>([:])
        /// Seconds from send to delivery, one per watcher and object.
        let latencies = Mutex<[Double]>([])
        /// How many watchers are connected.
        let ready = Mutex(0)
    }

    static func percentile(_ values: [Double], _ p: Double) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * p).rounded()))]
    }

    /// HTTPS calls to the API server with its bearer token, trusting its CA.
    struct API: Sendable {
        let client: HTTPClient
        let base: String
        let token: String
        let tls: TLSConfiguration

        func send(_ method: HTTPMethod, _ path: String, _ body: JSONValue? = nil, contentType: String = "application/json") async throws -> [UInt8] {
            var request = HTTPClientRequest(url: base + path)
            request.method = method
            request.tlsConfiguration = tls
            request.headers.add(name: "Authorization", value: "Bearer \(token)")
            if let body {
                request.headers.add(name: "Content-Type", value: contentType)
                request.body = .bytes(ByteBuffer(bytes: JSONSerializer().bytes(body)))
            }
            let response = try await client.execute(request, timeout: .seconds(60))
            let bytes = try await response.body.collect(upTo: 64 << 20)
            guard (200..<300).contains(Int(response.status.code)) else {
                throw BenchError("\(method) \(path): HTTP \(response.status.code): \(String(buffer: bytes))")
            }
            return Array(buffer: bytes)
        }

        /// The lines of a streaming (watch) response.
        func stream(_ path: String) async throws -> AsyncThrowingStream<[UInt8], any Error> {
            var request = HTTPClientRequest(url: base + path)
            request.tlsConfiguration = tls
            request.headers.add(name: "Authorization", value: "Bearer \(token)")
            let response = try await client.execute(request, timeout: .seconds(600))
            guard response.status == .ok else { throw BenchError("watch \(path): HTTP \(response.status.code)") }
            return AsyncThrowingStream { continuation in
                let task = Task {
                    var pending: [UInt8] = []
                    do {
                        for try await chunk in response.body {
                            pending.append(contentsOf: chunk.readableBytesView)
                            while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                                continuation.yield(Array(pending[..<newline]))
                                pending.removeSubrange(...newline)
                            }
                        }
                        continuation.finish()
                    } catch {
                        continuation.finish(throwing: error)
                    }
                }
                continuation.onTermination = { _ in task.cancel() }
            }
        }
    }
}
