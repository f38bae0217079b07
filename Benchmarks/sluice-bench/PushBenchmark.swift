import Crypto
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import SluiceTestSupport

/// `sluice-bench push`: seconds from `git push` to the change applied in the cluster, through the whole toolkit —
/// a signed GitHub webhook to the notification-controller's receiver, the source-controller fetching, the
/// kustomize-controller applying — all real processes on loopback.
enum PushBenchmark {
    static let usage = """
        usage: sluice-bench push [--pushes 20]

          --pushes N  commits pushed one after another, each announced by a signed GitHub push webhook (default 20)

        Aim (issue 7): push-to-applied under 2 s at the median on loopback. Intervals are 1h, so only the webhook
        can make a change land.
        """

    @Sendable
    static func run(_ arguments: [String]) async throws {
        let options = try BenchArguments(arguments, known: ["pushes"])
        let pushes = try options.int("pushes", default: 20)
        let directory = FileManager.default.temporaryDirectory.appending(component: "sluice-bench-push-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let cluster = try await LocalCluster(directory: directory.appending(component: "cluster"))
        defer { cluster.stopNow() }
        try await cluster.installCRDs()
        let fixture = try await GitFixture()
        defer { fixture.cleanUp() }
        let daemon = try await GitDaemonServer.start(root: fixture.served)
        defer { daemon.stop() }
        func configMap(_ version: Int) -> GitFixture.Content {
            .file("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\n  namespace: default\ndata:\n  version: \"\(version)\"\n")
        }
        try await fixture.commit(["deploy/app.yaml": configMap(0)], message: "version 0")
        try await fixture.push()

        let common = ["--kubeconfig", cluster.kubeconfig, "--store", directory.appending(component: "store.db").path,
                      "--metrics-addr", "127.0.0.1:0", "--health-addr", "127.0.0.1:0", "--log-encoding", "console"]
        let log = directory.appending(component: "receiver.log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        var processes: [Process] = []
        defer { for process in processes { process.terminate(); process.waitUntilExit() } }
        for (tool, extra) in [("source-controller", ["--storage-addr", "127.0.0.1:0", "--allow-local-git-urls", "--log-level", "error"]),
                              ("kustomize-controller", ["--log-level", "error"]),
                              ("notification-controller", ["--receiver-addr", "127.0.0.1:0", "--log-level", "info"])] {
            let process = Process()
            process.executableURL = BuiltExecutables.url(tool)
            process.arguments = ["run"] + common + extra
            process.standardOutput = FileHandle.nullDevice
            process.standardError = tool == "notification-controller" ? try FileHandle(forWritingTo: log) : FileHandle.nullDevice
            try process.run()
            processes.append(process)
        }
        try await cluster.kubectl(["apply", "-f", "-"], input: """
            apiVersion: v1
            kind: Secret
            metadata: {name: webhook-token, namespace: default}
            stringData: {token: bench-token}
            ---
            apiVersion: source.toolkit.fluxcd.io/v1
            kind: GitRepository
            metadata: {name: app, namespace: default}
            spec: {interval: 1h, url: "\(daemon.url(fixture.repositoryName))", ref: {branch: main}}
            ---
            apiVersion: kustomize.toolkit.fluxcd.io/v1
            kind: Kustomization
            metadata: {name: app, namespace: default}
            spec: {interval: 1h, path: ./deploy, prune: true, sourceRef: {kind: GitRepository, name: app}}
            ---
            apiVersion: notification.toolkit.fluxcd.io/v1
            kind: Receiver
            metadata: {name: github, namespace: default}
            spec: {type: github, events: ["push"], secretRef: {name: webhook-token}, resources: [{kind: GitRepository, name: app}]}
            """)
        func field(_ kind: String, _ path: String, name: String = "app") async -> String {
            (try? await cluster.kubectl(["get", kind, name, "-o", "jsonpath={\(path)}"])) ?? ""
        }
        func waitFor(_ what: String, _ condition: () async -> Bool) async throws {
            let deadline = ContinuousClock.now + .seconds(120)
            while await !condition() {
                guard ContinuousClock.now < deadline else {
                    let receiverLog = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
                    throw BenchError("timed out waiting for \(what); notification-controller's log:\n\(receiverLog.suffix(2000))")
                }
                try await Task.sleep(for: .milliseconds(5))
            }
        }
        try await waitFor("the first apply") { await field("configmap", ".data.version") == "0" }
        try await waitFor("the receiver's webhook path") { await field("receiver", ".status.webhookPath", name: "github").hasPrefix("/hook/") }
        try await waitFor("the receiver's address") { (try? String(contentsOf: log, encoding: .utf8))?.contains("serving webhook receivers") == true }
        let logText = try String(contentsOf: log, encoding: .utf8)
        guard let line = logText.split(separator: "\n").first(where: { $0.contains("serving webhook receivers") }),
            let range = line.range(of: #"127\.0\.0\.1:[0-9]+"#, options: .regularExpression)
        else {
            throw BenchError("the receiver did not say where it listens: \(logText)")
        }
        let hook = "http://\(line[range])" + (await field("receiver", ".status.webhookPath", name: "github"))

        var times: [Double] = []
        var previous = try await fixture.head()
        for version in 1...pushes {
            let sha = try await fixture.commit(["deploy/app.yaml": configMap(version)], message: "version \(version)")
            try await fixture.push()
            let pushed = ContinuousClock.now
            let body = Data(#"{"ref":"refs/heads/main","before":"\#(previous)","after":"\#(sha)","repository":{"full_name":"org/app"}}"#.utf8)
            let signature = "sha256=" + HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Array("bench-token".utf8)))
                .map { String(format: "%02x", $0) }.joined()
            var request = URLRequest(url: URL(string: hook)!)
            request.httpMethod = "POST"
            request.httpBody = body
            request.setValue("push", forHTTPHeaderField: "X-GitHub-Event")
            request.setValue(signature, forHTTPHeaderField: "X-Hub-Signature-256")
            let (answer, response) = try await URLSession.shared.data(for: request)
            guard (response as? HTTPURLResponse)?.statusCode == 200 else {
                throw BenchError("the receiver at \(hook) answered \((response as? HTTPURLResponse)?.statusCode ?? 0): \(String(decoding: answer, as: UTF8.self))")
            }
            try await waitFor("version \(version) applied") { await field("configmap", ".data.version") == "\(version)" }
            let elapsed = ContinuousClock.now - pushed
            times.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
            previous = sha
        }
        times.sort()
        print("push → signed webhook → source-controller → kustomize-controller applied (\(pushes) pushes, real processes, loopback)")
        print(String(format: "  p50 %.3f s   p90 %.3f s   max %.3f s   (aim < 2 s at p50; each poll is one kubectl call)",
                     times[times.count / 2], times[min(times.count - 1, times.count * 9 / 10)], times.last ?? 0))
    }
}
