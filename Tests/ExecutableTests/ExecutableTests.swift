import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import SluiceCore
import SluiceTestSupport
import Testing

@Suite struct ExecutableTests {
    static let tools = ["sluice", "source-controller", "kustomize-controller", "helm-controller", "notification-controller"]

    @Test(arguments: tools)
    func everyExecutableHasHelpAndVersion(_ tool: String) async throws {
        let help = try await ChildProcess.run(tool, ["--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("USAGE: \(tool)"))
        #expect(help.stdout.contains("version"))
        let version = try await ChildProcess.run(tool, ["version"])
        #expect(version.status == 0)
        #expect(version.stdout == "\(tool) \(SluiceVersion.current)\n")
        let flag = try await ChildProcess.run(tool, ["--version"])
        #expect(flag.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == SluiceVersion.current)
    }

    @Test(arguments: ["source-controller", "kustomize-controller", "helm-controller", "notification-controller"])
    func controllerServesProbesAndStopsOnSIGTERM(_ tool: String) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-exe-\(UUID().uuidString)")
        let store = directory.appendingPathComponent("store.db").path
        let cluster = try await LocalCluster()
        defer { cluster.stopNow() }
        let extra = tool == "source-controller" ? ["--storage-addr", "127.0.0.1:0"] : []
        let child = try ChildProcess(tool, ["run", "--store", store, "--kubeconfig", cluster.kubeconfig,
                                            "--metrics-addr", "127.0.0.1:0", "--health-addr", "127.0.0.1:0"] + extra)
        // The ports are chosen by the kernel; the JSON log says which.
        let ports: [Int] = try await eventually(timeout: .seconds(30)) {
            let found = Self.addresses(in: child.stderr)
            return found.count == 2 ? found : nil
        }
        for port in ports {
            let status: Int = try await eventually(timeout: .seconds(30)) {
                let (_, response) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)/healthz")!)
                return (response as? HTTPURLResponse)?.statusCode
            }
            #expect(status == 200)
        }
        let (body, _) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(ports[0])/metrics")!)
        #expect(String(decoding: body, as: UTF8.self).isEmpty || String(decoding: body, as: UTF8.self).contains("#"))
        // Probes answer while the Lease is still being taken: stop only once it is held, to see it released.
        try await eventually(timeout: .seconds(30)) { child.stderr.contains("\"msg\":\"acquired lease ") }
        child.signal(SIGTERM)
        let status = try await child.wait(timeout: .seconds(20))
        #expect(status == 0, "stderr: \(child.stderr)")
        #expect(child.stderr.contains("\"msg\":\"stopped \(tool)\""))
        // Leader election is on by default: the only replica takes the Lease at once and releases it on SIGTERM.
        #expect(child.stderr.contains("\"msg\":\"acquired lease "), "stderr: \(child.stderr)")
        #expect(child.stderr.contains("/\(tool)-leader-election\""))
        #expect(child.stderr.contains("\"msg\":\"released lease "))
        #expect(FileManager.default.fileExists(atPath: store), "the store is created at start-up")
    }

    @Test func controllerRefusesACorruptStoreAndLeavesItUntouched() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-exe-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("store.db")
        let garbage = Data((0..<8192).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
        try garbage.write(to: path)
        let result = try await ChildProcess.run("source-controller", ["run", "--store", path.path, "--metrics-addr", "127.0.0.1:0", "--health-addr", "127.0.0.1:0"])
        #expect(result.status != 0)
        #expect(result.stderr.contains(path.path), "the error names the file: \(result.stderr)")
        #expect(try Data(contentsOf: path) == garbage)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["store.db"], "no WAL or journal files were created")
    }

    @Test func invalidFlagsAreRejectedWithAClearMessage() async throws {
        let result = try await ChildProcess.run("kustomize-controller", ["run", "--log-level", "loud"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("invalid --log-level 'loud'"))
        let interval = try await ChildProcess.run("helm-controller", ["run", "--min-retry-delay", "soon"])
        #expect(interval.status == 64)
        #expect(interval.stderr.contains("invalid --min-retry-delay 'soon'"))
        let election = try await ChildProcess.run("source-controller", ["run", "--leader-election-renew-deadline", "40s"])
        #expect(election.status == 64)
        #expect(election.stderr.contains("must be longer than the renew deadline"), "\(election.stderr)")
        let help = try await ChildProcess.run("notification-controller", ["run", "--help"])
        for flag in ["--enable-leader-election", "--disable-leader-election", "--leader-election-lease-duration",
                     "--leader-election-renew-deadline", "--leader-election-retry-period", "--leader-election-namespace",
                     "--leader-election-release-on-cancel"] {
            #expect(help.stdout.contains(flag), "run --help lists \(flag)")
        }
    }

    /// `--no-remote-bases`, Flux's flag, is accepted by every kustomize-controller command that builds and listed in
    /// `run --help`; with it remote bases are refused, without it they are fetched (RemoteBaseTests).
    @Test func noRemoteBasesIsAcceptedForFluxCompatibility() async throws {
        let help = try await ChildProcess.run("kustomize-controller", ["run", "--help"])
        #expect(help.stdout.contains("--no-remote-bases"), "\(help.stdout)")
        #expect(help.stdout.contains("Refuse remote bases and resources"), "\(help.stdout)")
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("absent-\(UUID().uuidString)").path
        let diff = try await ChildProcess.run("kustomize-controller", ["diff", "default/app", "--no-remote-bases", "--kubeconfig", missing])
        #expect(diff.status == 2, "the flag parses; the missing kubeconfig fails: \(diff.stderr)")
        #expect(!diff.stderr.contains("Unknown option"), "\(diff.stderr)")
    }

    /// The ports in the "serving …" log lines.
    static func addresses(in log: String) -> [Int] {
        log.split(separator: "\n").compactMap { line -> Int? in
            guard line.contains("\"msg\":\"serving metrics") || line.contains("\"msg\":\"serving health"),
                let range = line.range(of: "\"address\":\"127.0.0.1:") else { return nil }
            return Int(line[range.upperBound...].prefix { $0.isNumber })
        }
    }
}
