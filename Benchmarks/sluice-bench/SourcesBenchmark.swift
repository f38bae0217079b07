import Foundation
import SluiceAPI
import SluiceCore
import SluiceKube
import SluiceTestSupport

/// `sluice-bench sources`: many HelmCharts from one HelmRepository and many OCIRepositories in one real
/// `source-controller` process, against a real chart repository (`ChartRepositoryServer` serving podinfo at two
/// versions) and a real `docker-registry` with one artifact pushed by `sluice push artifact`.
enum SourcesBenchmark {
    static let usage = """
        usage: sluice-bench sources [--charts 500] [--oci 200] [--concurrent 10] [--kube-api-qps 50]

          --charts N        HelmCharts, all from one HelmRepository (default 500; 0 for none)
          --oci N           OCIRepositories, all of one pushed artifact (default 200; 0 for none)
          --concurrent N    the source-controller's --concurrent (default 10)
          --kube-api-qps N  the controller's client rate limit (default 50; burst 300)

        Prints the time from creation until every source is Ready, the time of a no-op round (a reconcile request on
        every source, until each reports it in status.lastHandledReconcileAt) and the controller's peak resident
        memory (VmHWM). Needs the built executables and /usr/bin/docker-registry (without it, --oci is skipped).
        """

    /// The chart versions the HelmCharts ask for, in turn: exact versions and ranges of podinfo 6.13.0 and 6.14.1.
    static let chartVersions = ["6.14.1", "6.13.0", "6.x", ">=6.13.0 <6.14.0"]

    @Sendable
    static func run(_ arguments: [String]) async throws {
        let options = try BenchArguments(arguments, known: ["charts", "oci", "concurrent", "kube-api-qps"])
        let charts = try options.int("charts", default: 500, minimum: 0)
        var ociCount = try options.int("oci", default: 200, minimum: 0)
        let concurrent = try options.int("concurrent", default: 10)
        let qps = try options.int("kube-api-qps", default: 50)
        if ociCount > 0 && !RegistryServer.isAvailable {
            print("  (no \(RegistryServer.executable); OCIRepositories skipped)")
            ociCount = 0
        }

        let directory = FileManager.default.temporaryDirectory.appending(component: "sluice-bench-sources-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }

        // The chart repository: the shared podinfo fixture (index.yaml and two packaged versions).
        let chartRoot = directory.appending(component: "charts")
        try FileManager.default.copyItem(at: URL(fileURLWithPath: "../shared/fixtures/helm-repo"), to: chartRoot)
        let chartServer = try await ChartRepositoryServer.start(root: chartRoot)
        defer { chartServer.stop() }

        // The registry, with one artifact of a small directory pushed by the real `sluice` CLI.
        let registry = ociCount > 0 ? try await RegistryServer.start(in: directory) : nil
        defer { registry?.stop() }
        if let registry {
            let content = directory.appending(component: "content")
            try FileManager.default.createDirectory(at: content.appending(component: "deploy"), withIntermediateDirectories: true)
            try Data("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\n".utf8).write(to: content.appending(path: "deploy/app.yaml"))
            _ = try await Shell.run(BuiltExecutables.url("sluice").path, [
                "push", "artifact", registry.url("apps/app") + ":1.0.0", "--path", content.path,
                "--source", "https://example.com/app.git", "--revision", "main@sha1:abc", "--insecure-registry",
            ])
        }

        let cluster = try await LocalCluster(directory: directory.appending(component: "cluster"))
        defer { cluster.stopNow() }
        try await cluster.installCRDs()
        let api = try KubernetesClient(configuration: ClientConfiguration.load(kubeconfig: cluster.kubeconfig, environment: .init(variables: [:])))
        while (try? await api.list(HelmRepository.gvk, namespace: "default")) == nil { try await Task.sleep(for: .milliseconds(50)) }

        let controller = Process()
        controller.executableURL = BuiltExecutables.url("source-controller")
        controller.arguments = ["run", "--kubeconfig", cluster.kubeconfig, "--store", directory.appending(component: "store.db").path,
                                "--storage-addr", "127.0.0.1:0", "--metrics-addr", "127.0.0.1:0", "--health-addr", "127.0.0.1:0",
                                "--concurrent", "\(concurrent)", "--kube-api-qps", "\(qps)", "--log-level", "error"]
        controller.standardOutput = FileHandle.nullDevice
        controller.standardError = FileHandle.nullDevice
        try controller.run()
        defer { controller.terminate(); controller.waitUntilExit() }

        var sources: [(kind: String, gvk: GroupVersionKind, name: String)] = []
        var objects: [KubeObject] = []
        var repository = KubeObject(apiVersion: HelmRepository.apiVersion, kind: HelmRepository.kind, name: "podinfo", namespace: "default")
        repository["spec"] = ["url": .string(chartServer.url()), "interval": "1h"]
        objects.append(repository)
        sources.append((HelmRepository.kind, HelmRepository.gvk, "podinfo"))
        for index in 0..<charts {
            var chart = KubeObject(apiVersion: HelmChart.apiVersion, kind: HelmChart.kind, name: "chart-\(index)", namespace: "default")
            chart["spec"] = ["chart": "podinfo", "version": .string(chartVersions[index % chartVersions.count]), "interval": "1h",
                             "sourceRef": ["kind": "HelmRepository", "name": "podinfo"]]
            objects.append(chart)
            sources.append((HelmChart.kind, HelmChart.gvk, "chart-\(index)"))
        }
        for index in 0..<ociCount {
            var oci = KubeObject(apiVersion: OCIRepository.apiVersion, kind: OCIRepository.kind, name: "oci-\(index)", namespace: "default")
            oci["spec"] = ["url": .string(registry?.url("apps/app") ?? ""), "interval": "1h", "insecure": true, "ref": ["tag": "1.0.0"]]
            objects.append(oci)
            sources.append((OCIRepository.kind, OCIRepository.gvk, "oci-\(index)"))
        }

        print("Sluice sources benchmark: one source-controller process (--concurrent \(concurrent), --kube-api-qps \(qps))")
        #if DEBUG
        print("  build       debug — build with `swift build -c release` for representative figures")
        #else
        print("  build       release")
        #endif
        print("  reference   Flux not available on this machine; figures are Sluice's alone")
        print("  sources     1 HelmRepository, \(charts) HelmCharts (podinfo 6.13.0/6.14.1), \(ociCount) OCIRepositories (one artifact)")

        let started = ContinuousClock.now
        try await createAll(objects, api: api)
        try await waitUntil("Ready", sources: sources, api: api, controller: controller, started: started) { object in
            object.conditions.contains { $0.type == ConditionType.ready && $0.status == .true }
        }
        let readySeconds = GitBenchmark.seconds(ContinuousClock.now - started)
        print(String(format: "  all Ready   %.1f s", readySeconds))

        // A no-op round: nothing changed upstream, every source is asked to reconcile once.
        let token = "bench-\(UUID().uuidString)"
        let round = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for batch in stride(from: 0, to: sources.count, by: 50) {
                let slice = sources[batch..<min(sources.count, batch + 50)]
                group.addTask {
                    for source in slice {
                        _ = try await api.mergePatch(source.gvk, namespace: "default", name: source.name,
                                                     patch: ["metadata": ["annotations": [FluxAnnotations.reconcileRequest: .string(token)]]], subresource: nil)
                    }
                }
            }
            try await group.waitForAll()
        }
        try await waitUntil("handled", sources: sources, api: api, controller: controller, started: round) { $0.lastHandledReconcileAt == token }
        print(String(format: "  no-op round %.1f s (reconcile requested on all %d, until each reports lastHandledReconcileAt)",
                     GitBenchmark.seconds(ContinuousClock.now - round), sources.count))
        let peak = GitBenchmark.memoryKiB("VmHWM", in: "/proc/\(controller.processIdentifier)/status")
        print(String(format: "  peak memory %.1f MiB (source-controller VmHWM)", Double(peak) / 1024))
    }

    /// Creates `objects` in batches of 50 at a time.
    static func createAll(_ objects: [KubeObject], api: KubernetesClient) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for batch in stride(from: 0, to: objects.count, by: 50) {
                let slice = objects[batch..<min(objects.count, batch + 50)]
                group.addTask { for object in slice { _ = try await api.create(object) } }
            }
            try await group.waitForAll()
        }
    }

    /// The status fields every source kind shares, decoded leniently.
    struct SourceStatus: Decodable {
        struct Status: Decodable {
            var conditions: [Condition]?
            var lastHandledReconcileAt: String?
        }
        var status: Status?
        var conditions: [Condition] { status?.conditions ?? [] }
        var lastHandledReconcileAt: String? { status?.lastHandledReconcileAt }
    }

    /// Polls the sources' kinds until `done` holds for every one of `sources`, or fails after 900 s or when the
    /// controller exits.
    static func waitUntil(_ what: String, sources: [(kind: String, gvk: GroupVersionKind, name: String)], api: KubernetesClient,
                          controller: Process, started: ContinuousClock.Instant, done: (SourceStatus) -> Bool) async throws
    {
        let kinds = Dictionary(sources.map { ($0.kind, $0.gvk) }, uniquingKeysWith: { first, _ in first })
        var count = 0
        while count < sources.count {
            try await Task.sleep(for: .milliseconds(500))
            guard controller.isRunning else { throw BenchError("source-controller exited with \(controller.terminationStatus)") }
            count = 0
            for gvk in kinds.values {
                count += try await api.list(gvk, namespace: "default").items.filter { object in
                    (try? object.decode(as: SourceStatus.self)).map(done) == true
                }.count
            }
            if ContinuousClock.now - started > .seconds(900) { throw BenchError("only \(count) of \(sources.count) \(what) after 900 s") }
        }
    }
}
