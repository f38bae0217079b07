import Foundation
import Logging
import SluiceAPI
import SluiceArchive
import SluiceCore
import SluiceGit
import SluiceKube
import SluiceRuntime
import SluiceStore
import SluiceTestSupport
import SourceController

/// `sluice-bench git`: the source-controller's costs — packaging a large tree, a no-op reconcile, and many
/// GitRepositories against one local `git daemon` through the real `source-controller` process.
enum GitBenchmark {
    static let usage = """
        usage: sluice-bench git [--files 10000] [--noop-runs 50] [--repositories 500] [--concurrent 8] [--kube-api-qps 50]

          --files N         files in the packaged tree (default 10000)
          --noop-runs N     no-op reconciles timed (default 50)
          --repositories N  GitRepositories reconciled by one source-controller process (default 500; 0 skips)
          --concurrent N    the controller's --concurrent (default 8)
          --kube-api-qps N  the controller's client rate limit (default 50, Flux's; burst 300)

        Aims (issue 4): no-op < 20 ms; 500 repositories < 60 s with < 60 MiB resident.
        The reference for packaging is GNU tar + gzip writing the same tree deterministically.
        """

    @Sendable
    static func run(_ arguments: [String]) async throws {
        let options = try BenchArguments(arguments, known: ["files", "noop-runs", "repositories", "concurrent", "kube-api-qps"])
        let files = try options.int("files", default: 10_000)
        let runs = try options.int("noop-runs", default: 50)
        let repositories = try options.int("repositories", default: 500, minimum: 0)
        let concurrent = try options.int("concurrent", default: 8)
        let qps = try options.int("kube-api-qps", default: 50)
        let directory = FileManager.default.temporaryDirectory.appending(component: "sluice-bench-git-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }

        try await packaging(files: files, in: directory)
        let fixture = try await GitFixture()
        defer { fixture.cleanUp() }
        try await fixture.commit(["deploy/app.yaml": .file("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\n")], message: "bench")
        try await fixture.push()
        let daemon = try await GitDaemonServer.start(root: fixture.served)
        defer { daemon.stop() }
        let cluster = try await LocalCluster(directory: directory.appending(component: "cluster"))
        defer { cluster.stopNow() }
        let api = try KubernetesClient(configuration: ClientConfiguration.load(kubeconfig: cluster.kubeconfig, environment: .init(variables: [:])))
        _ = try await api.create(KubeObject(CustomResourceDefinitionRenderer().definition(for: GitRepository.self).objectValue ?? [:]))
        while (try? await api.list(GitRepository.gvk, namespace: "default")) == nil { try await Task.sleep(for: .milliseconds(50)) }

        try await noop(runs: runs, api: api, url: daemon.url(fixture.repositoryName), in: directory)
        if repositories > 0 {
            try await scale(repositories, concurrent: concurrent, qps: qps, api: api, cluster: cluster, fixture: fixture, daemon: daemon, in: directory)
        }
    }

    /// Packages a generated tree with `ArtifactArchiver` and with GNU tar + gzip, best of three each.
    static func packaging(files: Int, in directory: URL) async throws {
        let tree = directory.appending(component: "tree")
        for index in 0..<files {
            let file = tree.appending(path: "apps/team-\(index % 50)/service-\(index % 400)/manifest-\(index).yaml")
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            let body = (0..<20).map { "  key-\($0): value-\(index)-\($0)" }.joined(separator: "\n")
            try Data("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-\(index)\ndata:\n\(body)\n".utf8).write(to: file)
        }
        var logger = Logger(label: "bench")
        logger.logLevel = .error
        let archiver = ArtifactArchiver(maxSize: 1 << 30, logger: logger)
        var ours: [Double] = []
        var size = 0
        for _ in 0..<3 {
            let start = ContinuousClock.now
            let archive = try archiver.archive(directory: tree, ignore: try SourceIgnore.matcher(root: tree, extra: nil))
            ours.append(seconds(ContinuousClock.now - start))
            size = archive.bytes.count
        }
        var reference: [Double] = []
        let output = directory.appending(component: "reference.tar.gz")
        for _ in 0..<3 {
            let start = ContinuousClock.now
            try await Shell.run("tar", ["--sort=name", "--owner=0", "--group=0", "--numeric-owner", "--mtime=@0", "-czf", output.path, "-C", tree.path, "."])
            reference.append(seconds(ContinuousClock.now - start))
        }
        let referenceSize = (try? FileManager.default.attributesOfItem(atPath: output.path)[.size] as? Int) ?? 0
        print("package \(files) files (best of 3)")
        for (name, time, bytes) in [("ArtifactArchiver", ours.min() ?? 0, size), ("GNU tar + gzip (reference)", reference.min() ?? 0, referenceSize)] {
            print("  " + name.padding(toLength: 28, withPad: " ", startingAt: 0) + String(format: "%9.1f ms  %9d bytes", time * 1000, bytes))
        }
    }

    /// Times reconciles of a GitRepository whose upstream has not moved: one fetch negotiation, no checkout.
    static func noop(runs: Int, api: KubernetesClient, url: String, in directory: URL) async throws {
        var logger = Logger(label: "bench")
        logger.logLevel = .error
        let store = try Store(path: directory.appending(component: "noop.db").path)
        let reconciler = GitRepositoryReconciler(
            git: LibGit2Client(cacheDirectory: directory.appending(component: "noop-cache"), logger: logger),
            artifactBaseURL: { "http://127.0.0.1:9090" }, workDirectory: directory, allowLocalGitURLs: true)
        let controller = Controller(reconciler: reconciler, api: api, store: store,
                                    events: EventRecorder(store: store, controller: "bench", logger: logger),
                                    metrics: ControllerMetrics(), logger: logger)
        _ = try await api.create(repository("noop", url: url))
        let key = ObjectKey(namespace: "default", name: "noop")
        for _ in 0..<2 {
            let outcome = await controller.reconcile(key)
            guard outcome.isReady else { throw BenchError("the no-op repository did not become Ready: \(outcome.report)") }
        }
        var times: [Double] = []
        for _ in 0..<runs {
            let start = ContinuousClock.now
            _ = await controller.reconcile(key)
            times.append(seconds(ContinuousClock.now - start))
        }
        times.sort()
        print("no-op reconcile (\(runs) runs; get, fetch negotiation over git://, no checkout, no status patch)")
        print(String(format: "  median %7.2f ms   p95 %7.2f ms   (aim < 20 ms)", times[times.count / 2] * 1000, times[min(times.count - 1, times.count * 95 / 100)] * 1000))
    }

    /// Reconciles `count` GitRepositories (one bare repository each, one `git daemon`) with the real `source-controller` process.
    static func scale(_ count: Int, concurrent: Int, qps: Int, api: KubernetesClient, cluster: LocalCluster, fixture: GitFixture,
                      daemon: GitDaemonServer, in directory: URL) async throws
    {
        for index in 0..<count {
            try FileManager.default.copyItem(at: fixture.bare, to: fixture.served.appending(component: "copy-\(index).git"))
        }
        let controller = Process()
        controller.executableURL = BuiltExecutables.url("source-controller")
        controller.arguments = [
            "run", "--kubeconfig", cluster.kubeconfig, "--store", directory.appending(component: "scale.db").path,
            "--metrics-addr", "127.0.0.1:0", "--health-addr", "127.0.0.1:0", "--storage-addr", "127.0.0.1:0", "--allow-local-git-urls",
            "--concurrent", "\(concurrent)", "--kube-api-qps", "\(qps)", "--log-level", "error",
        ]
        controller.standardOutput = FileHandle.nullDevice
        controller.standardError = FileHandle.nullDevice
        try controller.run()
        defer { controller.terminate(); controller.waitUntilExit() }
        let start = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for batch in stride(from: 0, to: count, by: 50) {
                group.addTask {
                    for index in batch..<min(count, batch + 50) {
                        _ = try await api.create(repository("repo-\(index)", url: daemon.url("copy-\(index).git")))
                    }
                }
            }
            try await group.waitForAll()
        }
        var ready = 0
        while ready < count {
            try await Task.sleep(for: .milliseconds(250))
            guard controller.isRunning else { throw BenchError("source-controller exited with \(controller.terminationStatus)") }
            ready = try await api.list(GitRepository.gvk, namespace: "default").items.filter { object in
                object.name.hasPrefix("repo-") && (try? object.decode(as: GitRepository.self))?.conditions
                    .contains { $0.type == ConditionType.ready && $0.status == .true } == true
            }.count
            if ContinuousClock.now - start > .seconds(600) { throw BenchError("only \(ready) of \(count) Ready after 600 s") }
        }
        let elapsed = seconds(ContinuousClock.now - start)
        let peak = memoryKiB("VmHWM", in: "/proc/\(controller.processIdentifier)/status")
        let rollup = "/proc/\(controller.processIdentifier)/smaps_rollup"
        let (anonymous, file) = (memoryKiB("Pss_Anon", in: rollup), memoryKiB("Pss_File", in: rollup))
        print("\(count) GitRepositories, one source-controller process (--concurrent \(concurrent), --kube-api-qps \(qps), burst 300)")
        print(String(format: "  all Ready in %.1f s (aim < 60 s)   peak resident %.1f MiB (aim < 60 MiB)", elapsed, Double(peak) / 1024))
        print(String(format: "  at the end: %.1f MiB anonymous, %.1f MiB of mapped files (code and libraries, proportional share)",
                     Double(anonymous) / 1024, Double(file) / 1024))
    }

    static func repository(_ name: String, url: String) -> KubeObject {
        var object = KubeObject(apiVersion: GitRepository.apiVersion, kind: GitRepository.kind, name: name, namespace: "default")
        object["spec"] = ["url": .string(url), "interval": "1h", "ref": ["branch": "main"]]
        return object
    }

    /// A `Name:   123 kB` figure from a /proc file (`VmHWM` in `status`, `Pss_Anon` in `smaps_rollup`), in KiB.
    static func memoryKiB(_ name: String, in file: String) -> Int {
        guard let status = try? String(contentsOfFile: file, encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("\(name):") })
        else { return 0 }
        return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") ?? 0
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
