import Foundation
import SluiceStore
import SluiceTestSupport
import Testing

/// `sluice up` end to end: the real API server, the four real controller processes, the bundled example as a real
/// Git repository, and the real kubectl.
@Suite(.enabled(if: BuiltExecutables.isBuilt("sluice") && BuiltExecutables.isBuilt("notification-controller")
    && BuiltExecutables.kubectl != nil, "needs the built executables and kubectl"))
struct UpCommandTests {
    /// A data directory of its own, removed afterwards.
    private static func dataDirectory() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("sluice-up-\(UUID().uuidString)")
    }

    /// `sluice up` flags every test passes: its data directory and a kernel-chosen receiver port.
    private static func upArguments(_ data: URL) -> [String] {
        ["up", "--data", data.path, "--receiver-addr", "127.0.0.1:0", "--timeout", "3m"]
    }

    @Test func upOnceSyncsTheBundledExampleAndExits() async throws {
        let data = Self.dataDirectory()
        defer { try? FileManager.default.removeItem(at: data) }
        // Under umask 000, so the modes checked below come from Sluice, not from the umask.
        let result = try await Shell.execute("/bin/sh", ["-c", "umask 000 && exec \"$0\" \"$@\"", BuiltExecutables.url("sluice").path]
                                             + Self.upArguments(data) + ["--once"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("applied by Kustomization flux-system/flux-system (4 objects):"), "\(result.stdout)")
        #expect(result.stdout.contains("Deployment hello/hello"))
        #expect(result.stdout.contains("kubeconfig:  \(data.path)/cluster/kubeconfig"))
        #expect(result.stdout.contains("webhook:     http://127.0.0.1:"))
        #expect(result.stderr.contains("✔ all 3 objects are ready"))
        #expect(FileManager.default.fileExists(atPath: data.appendingPathComponent("example/.git").path))
        // Owner-only state, whatever the umask: the directories 0700; the databases (with WAL), kubeconfig, keys and tokens 0600.
        for directory in ["", "cluster", "logs"] {
            let mode = FileMode.of(data.appendingPathComponent(directory))
            #expect(mode == 0o700, "\(directory) is \(FileMode.octal(mode))")
        }
        let optional = ["store.db-wal", "store.db-shm", "cluster/cluster.db-wal", "cluster/cluster.db-shm"]  // removed at a clean close
        for file in ["store.db", "webhook-token", "up.lock", "logs/apiserver.log", "cluster/cluster.db", "cluster/kubeconfig", "cluster/token",
                     "cluster/ca.key", "cluster/apiserver.key"] + optional.filter({ FileManager.default.fileExists(atPath: data.appendingPathComponent($0).path) })
        {
            let mode = FileMode.of(data.appendingPathComponent(file))
            #expect(mode == 0o600, "\(file) is \(FileMode.octal(mode))")
        }

        // Everything stopped with it; the cluster it left serves the applied objects to kubectl.
        let cluster = try await LocalCluster(directory: data.appendingPathComponent("cluster"))
        defer { cluster.stopNow() }
        let owner = try await cluster.kubectl(["get", "deployment", "hello", "-n", "hello",
                                               "-o", "jsonpath={.metadata.labels.kustomize\\.toolkit\\.fluxcd\\.io/name}"])
        #expect(owner == "flux-system")
        let ready = try await cluster.kubectl(["get", "kustomization", "flux-system", "-n", "flux-system",
                                               "-o", "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}"])
        #expect(ready == "True")
    }

    @Test func upOnceFailsWithTheFailingObjectsMessage() async throws {
        let data = Self.dataDirectory()
        defer { try? FileManager.default.removeItem(at: data) }
        let result = try await Shell.execute(BuiltExecutables.url("sluice").path,
                                             Self.upArguments(data) + ["--once", "--path", "./no/such/dir"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("error: Kustomization flux-system/flux-system is not ready:"), "\(result.stderr)")
        #expect(result.stderr.contains("no/such/dir"))
        #expect(result.stderr.contains("hint: "))
    }

    @Test func upRefusesASecondUpAppliesNewCommitsAndStopsCleanlyOnCtrlC() async throws {
        let data = Self.dataDirectory()
        defer { try? FileManager.default.removeItem(at: data) }
        let up = try BackgroundProcess("sluice", Self.upArguments(data))
        defer { up.kill() }
        try await eventually(timeout: .seconds(120)) { up.stdout.contains("# fetched and applied at once") }
        let kubeconfig = data.appendingPathComponent("cluster/kubeconfig").path
        let kubectl = { (arguments: [String]) async throws -> String in
            try await Shell.run(BuiltExecutables.kubectl!, arguments + ["--kubeconfig", kubeconfig])
        }
        #expect(try await kubectl(["get", "service", "hello", "-n", "hello", "-o", "name"]) == "service/hello\n")

        // A second `sluice up` on the same directory refuses, naming the first.
        let second = try await Shell.execute(BuiltExecutables.url("sluice").path, Self.upArguments(data) + ["--once"])
        #expect(second.status == 1)
        #expect(second.stderr.contains("error: another `sluice up` is already running on \(data.path)"), "\(second.stderr)")

        // A commit in the example repository, applied by `sluice reconcile kustomization --with-source`.
        let example = data.appendingPathComponent("example")
        try Data("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\ndata:\n  added: \"yes\"\n".utf8)
            .write(to: example.appendingPathComponent("extra.yaml"))
        let kustomization = try String(contentsOf: example.appendingPathComponent("kustomization.yaml"), encoding: .utf8)
        try Data(kustomization.replacingOccurrences(of: "  - service.yaml\n", with: "  - service.yaml\n  - extra.yaml\n").utf8)
            .write(to: example.appendingPathComponent("kustomization.yaml"))
        try await Shell.run("git", ["add", "-A"], in: example)
        try await Shell.run("git", ["-c", "user.name=Test", "-c", "user.email=test@localhost", "commit", "-q", "-m", "Add extra"], in: example)
        let head = try await Shell.run("git", ["rev-parse", "HEAD"], in: example).trimmingCharacters(in: .whitespacesAndNewlines)
        let reconcile = try await Shell.execute(BuiltExecutables.url("sluice").path, [
            "reconcile", "kustomization", "flux-system", "--with-source",
            "--kubeconfig", kubeconfig, "--store", data.appendingPathComponent("store.db").path, "--timeout", "2m",
        ])
        #expect(reconcile.status == 0, "\(reconcile.stderr)")
        #expect(try await kubectl(["get", "configmap", "extra", "-n", "hello", "-o", "jsonpath={.data.added}"]) == "yes")
        #expect(try await kubectl(["get", "kustomization", "flux-system", "-n", "flux-system", "-o", "jsonpath={.status.lastAppliedRevision}"])
            == "main@sha1:\(head)")

        // The running `sluice up` reports the change as it happens.
        try await eventually { up.stderr.contains("✔ Kustomization flux-system/flux-system: Applied revision: main@sha1:\(head)") }

        // Ctrl-C: every child stops, `sluice up` exits 0, and the store and the cluster database are sound.
        let pids = try String(contentsOf: data.appendingPathComponent("up.pids"), encoding: .utf8)
            .split(separator: "\n").compactMap { $0.split(separator: " ").first.flatMap { Int32($0) } }
        #expect(pids.count == 5)
        up.signal(SIGINT)
        #expect(try await up.wait(timeout: .seconds(60)) == 0)
        #expect(up.stderr.contains("✔ stopped (interrupted)"))
        for pid in pids { #expect(kill(pid, 0) != 0, "child \(pid) still running") }
        let store = try Store(path: data.appendingPathComponent("store.db").path)
        #expect(try store.checkIntegrity().isEmpty)
        #expect(try store.latestArtifact(kind: "GitRepository", namespace: "flux-system", name: "flux-system")?.revision == "main@sha1:\(head)")
        let cluster = try await LocalCluster(directory: data.appendingPathComponent("cluster"))
        defer { cluster.stopNow() }
        #expect(try await cluster.kubectl(["get", "configmap", "extra", "-n", "hello", "-o", "name"]) == "configmap/extra\n")
    }

    @Test func ctrlCWhileStartingStopsEveryChildStartedSoFar() async throws {
        let data = Self.dataDirectory()
        defer { try? FileManager.default.removeItem(at: data) }
        let up = try BackgroundProcess("sluice", Self.upArguments(data))
        defer { up.kill() }
        try await eventually(timeout: .seconds(60)) { up.stderr.contains("► starting source-controller") }
        let pids = try String(contentsOf: data.appendingPathComponent("up.pids"), encoding: .utf8)
            .split(separator: "\n").compactMap { $0.split(separator: " ").first.flatMap { Int32($0) } }
        up.signal(SIGINT)
        #expect(try await up.wait(timeout: .seconds(60)) == 0, "\(up.stderr)")
        #expect(up.stderr.contains("✔ stopped (interrupted)"))
        #expect(!pids.isEmpty)
        for pid in pids { #expect(kill(pid, 0) != 0, "child \(pid) still running") }
        #expect(!FileManager.default.fileExists(atPath: data.appendingPathComponent("up.pids").path))
    }
}
