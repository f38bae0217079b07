import Foundation
import SluiceAPI
import SluiceCore
import SluiceKube
import SluiceTestSupport

/// `sluice-bench helmrelease`: Flux's helm-controller scenario — N HelmReleases of one small chart, each with its own
/// HelmChart, installed to Ready by the real `source-controller` and `helm-controller` processes against
/// `sluice cluster serve`, the chart served by a real chart repository (`ChartRepositoryServer`).
enum HelmReleaseBenchmark {
    static let usage = """
        usage: sluice-bench helmrelease [--counts 100,500,1000] [--concurrent 10] [--kube-api-qps 50]

          --counts N,N,...  HelmReleases per run (default 100,500,1000), each run on a fresh cluster
          --concurrent N    the controllers' --concurrent (default 10)
          --kube-api-qps N  the controllers' client rate limit (default 50, Flux's; burst 300)

        Each HelmRelease installs Sluice's fixture chart webapp 1.0.0 (a Deployment, a Service, a ConfigMap and a
        pre-install hook Job) with Helm's wait. Prints the time from creation until every HelmRelease is Ready, the
        helm-controller's peak resident memory (VmHWM) and its API requests per release (the API server's
        /metrics, by User-Agent), with the floor those requests put on the time at the given QPS.
        Flux v2.9 (published): 1,000 HelmReleases in 4m39s, helm-controller at 361 MiB, on a 16-core runner.
        Aim here: under 60 s with --kube-api-qps 1000, within 10% of the request floor at 50, under 150 MiB.
        """

    @Sendable
    static func run(_ arguments: [String]) async throws {
        let options = try BenchArguments(arguments, known: ["counts", "concurrent", "kube-api-qps"])
        let counts = (options.string("counts") ?? "100,500,1000").split(separator: ",").compactMap { Int($0) }
        guard !counts.isEmpty, counts.allSatisfy({ $0 > 0 }) else { throw BenchArguments.UsageError(message: "--counts must list positive integers") }
        let concurrent = try options.int("concurrent", default: 10)
        let qps = try options.int("kube-api-qps", default: 50)
        print("Sluice helmrelease benchmark: source-controller and helm-controller processes (--concurrent \(concurrent), --kube-api-qps \(qps))")
        #if DEBUG
        print("  build       debug — build with `swift build -c release` for representative figures")
        #else
        print("  build       release")
        #endif
        print("  reference   Flux v2.9 (published): 1,000 HelmReleases in 4m39s (279 s), helm-controller 361 MiB, 16-core runner")
        for count in counts {
            try await scenario(count, concurrent: concurrent, qps: qps)
        }
    }

    static func scenario(_ count: Int, concurrent: Int, qps: Int) async throws {
        let directory = FileManager.default.temporaryDirectory.appending(component: "sluice-bench-hr-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let charts = directory.appending(component: "charts")
        try await WebappChart.repository([.v1_0_0], at: charts)
        let chartServer = try await ChartRepositoryServer.start(root: charts)
        defer { chartServer.stop() }
        let cluster = try await LocalCluster(directory: directory.appending(component: "cluster"))
        defer { cluster.stopNow() }
        try await cluster.installCRDs()
        let api = try KubernetesClient(configuration: ClientConfiguration.load(kubeconfig: cluster.kubeconfig, environment: .init(variables: [:])))
        while (try? await api.list(HelmRelease.gvk, namespace: "default")) == nil { try await Task.sleep(for: .milliseconds(50)) }

        let store = directory.appending(component: "store.db").path
        func start(_ name: String, _ extra: [String]) throws -> Process {
            try BenchControllerProcess.start(name, cluster: cluster, store: store, qps: qps, ["--concurrent", "\(concurrent)"] + extra)
        }
        let source = try start("source-controller", ["--storage-addr", "127.0.0.1:0"])
        defer { source.terminate(); source.waitUntilExit() }
        let helm = try start("helm-controller", [])
        defer { helm.terminate(); helm.waitUntilExit() }

        var repository = KubeObject(apiVersion: HelmRepository.apiVersion, kind: HelmRepository.kind, name: "webapp", namespace: "default")
        repository["spec"] = ["url": .string(chartServer.url()), "interval": "1h"]
        _ = try await api.create(repository)
        let before = try await requests(cluster)

        let started = ContinuousClock.now
        var releases: [KubeObject] = []
        for index in 0..<count {
            var release = KubeObject(apiVersion: HelmRelease.apiVersion, kind: HelmRelease.kind, name: "app-\(index)", namespace: "default")
            release["spec"] = [
                "interval": "1h",
                "chart": ["spec": ["chart": "webapp", "version": "1.0.0", "sourceRef": ["kind": "HelmRepository", "name": "webapp"]]],
                "values": ["message": .string("release \(index)")],
            ]
            releases.append(release)
        }
        try await SourcesBenchmark.createAll(releases, api: api)
        var ready = 0
        while ready < count {
            try await Task.sleep(for: .milliseconds(500))
            guard helm.isRunning else { throw BenchError("helm-controller exited with \(helm.terminationStatus)") }
            guard source.isRunning else { throw BenchError("source-controller exited with \(source.terminationStatus)") }
            ready = try await api.list(HelmRelease.gvk, namespace: "default").items.filter { object in
                (try? object.decode(as: SourcesBenchmark.SourceStatus.self))?.conditions.contains {
                    $0.type == ConditionType.ready && $0.status == .true
                } == true
            }.count
            if ContinuousClock.now - started > .seconds(1800) { throw BenchError("only \(ready) of \(count) HelmReleases Ready after 1800 s") }
        }
        let elapsed = GitBenchmark.seconds(ContinuousClock.now - started)
        let peak = GitBenchmark.memoryKiB("VmHWM", in: "/proc/\(helm.processIdentifier)/status")
        let after = try await requests(cluster)
        let helmRequests = after["helm-controller", default: 0] - before["helm-controller", default: 0]
        let perRelease = Double(helmRequests) / Double(count)
        let floor = Double(helmRequests) / Double(qps)
        print("\(count) HelmReleases of webapp 1.0.0 (one HelmChart each)")
        print(String(format: "  all Ready   %.1f s (aim < 60 s for 1,000 at --kube-api-qps 1000; Flux 279 s)", elapsed))
        print(String(format: "  memory      %.1f MiB peak resident, helm-controller (aim < 150 MiB; Flux 361 MiB)", Double(peak) / 1024))
        print(String(format: "  requests    %.1f per release by helm-controller (%d in all); floor at %d QPS %.1f s, the run took %.0f%% of it",
                     perRelease, helmRequests, qps, floor, floor > 0 ? elapsed / floor * 100 : 0))
        if helmRequests == 0 {
            print("  (the API server's /metrics counted no request from User-Agent helm-controller/…)")
        }
    }

    /// The API server's request counts by client (`apiserver_request_total{client="…",…}` summed over the other labels).
    static func requests(_ cluster: LocalCluster) async throws -> [String: Int] {
        let (status, body) = try await cluster.http("GET", "/metrics")
        guard status == 200 else { throw BenchError("GET /metrics answered \(status)") }
        var counts: [String: Int] = [:]
        for line in String(decoding: body, as: UTF8.self).split(separator: "\n") where line.hasPrefix("apiserver_request_total{") {
            guard let start = line.range(of: "client=\""), let end = line[start.upperBound...].firstIndex(of: "\""),
                  let value = line.split(separator: " ").last.flatMap({ Int($0) })
            else { continue }
            counts[String(line[start.upperBound..<end]), default: 0] += value
        }
        return counts
    }
}
