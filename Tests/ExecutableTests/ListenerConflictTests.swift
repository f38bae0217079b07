import Foundation
import SluiceTestSupport
import Testing

/// A listener whose address is taken says which flag chose it and what to do, for every server of every executable.
@Suite struct ListenerConflictTests {
    /// Every listening flag, with the executable and the other flags that keep its siblings on free ports.
    static let listeners: [(tool: String, flag: String, others: [String])] = [
        ("source-controller", "--metrics-addr", ["--health-addr", "127.0.0.1:0", "--storage-addr", "127.0.0.1:0"]),
        ("kustomize-controller", "--health-addr", ["--metrics-addr", "127.0.0.1:0"]),
        ("source-controller", "--storage-addr", ["--metrics-addr", "127.0.0.1:0", "--health-addr", "127.0.0.1:0"]),
        ("notification-controller", "--receiver-addr", ["--metrics-addr", "127.0.0.1:0", "--health-addr", "127.0.0.1:0"]),
    ]

    @Test(arguments: 0..<listeners.count)
    func aControllerWhoseAddressIsTakenNamesTheFlag(_ index: Int) async throws {
        let (tool, flag, others) = Self.listeners[index]
        let taken = try SilentTCPServer()
        defer { taken.stop() }
        let cluster = try await LocalCluster()
        defer { cluster.stopNow() }
        let store = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-listen-\(UUID().uuidString).db").path
        defer { try? FileManager.default.removeItem(atPath: store) }
        let result = try await ChildProcess.run(tool, ["run", "--store", store, "--kubeconfig", cluster.kubeconfig,
                                                       "--disable-leader-election", flag, "127.0.0.1:\(taken.port)"] + others)
        #expect(result.status != 0)
        #expect(result.stderr.contains("\(flag) 127.0.0.1:\(taken.port) is in use; pass another address, or :0 for a free port"),
                "stderr: \(result.stderr)")
        #expect(!result.stderr.contains("bind(descriptor:"), "NIO's wording is replaced: \(result.stderr)")
    }

    @Test func theAPIServerWhoseAddressIsTakenNamesTheFlag() async throws {
        let taken = try SilentTCPServer()
        defer { taken.stop() }
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-listen-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: data) }
        let result = try await ChildProcess.run("sluice", ["cluster", "serve", "--listen", "127.0.0.1:\(taken.port)", "--data", data.path])
        #expect(result.status != 0)
        #expect(result.stderr.contains("--listen 127.0.0.1:\(taken.port) is in use; pass another address, or :0 for a free port"),
                "stderr: \(result.stderr)")
    }

    @Test func anUnresolvableHostIsNamed() async throws {
        let cluster = try await LocalCluster()
        defer { cluster.stopNow() }
        let store = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-listen-\(UUID().uuidString).db").path
        defer { try? FileManager.default.removeItem(atPath: store) }
        let result = try await ChildProcess.run("helm-controller", ["run", "--store", store, "--kubeconfig", cluster.kubeconfig,
                                                                    "--disable-leader-election", "--metrics-addr", "no-such-host.invalid:0", "--health-addr", "127.0.0.1:0"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("--metrics-addr no-such-host.invalid:0 is not a host this machine can resolve"), "stderr: \(result.stderr)")
    }
}
