import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SluiceTestSupport
import Testing

/// `sluice cluster serve` over HTTPS: the kubeconfig it writes (CA data, token in the user entry only), the real
/// kubectl with it, 401 without the token, the CA kept across restarts, no token in messages, and owner-only state.
@Suite("HTTPS, bearer token and owner-only state", .serialized)
struct AuthenticationTests {
    /// The kubeconfig's entries, parsed by the test (not by Sluice's client).
    static func kubeconfigFields(_ path: String) throws -> (server: String, caData: String?, token: String?) {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        func value(_ key: String) -> String? {
            text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
                .first { $0.hasPrefix("\(key): ") }.map { String($0.dropFirst(key.count + 2)) }
        }
        return (value("server") ?? "", value("certificate-authority-data"), value("token"))
    }

    @Test(.enabled(if: TestServer.kubectl != nil, "kubectl is not installed"))
    func kubectlWorksOverHTTPSWithTheWrittenKubeconfig() async throws {
        let server = try await TestServer()
        defer { server.stopNow() }
        let fields = try Self.kubeconfigFields(server.kubeconfig)
        #expect(fields.server == "https://127.0.0.1:\(server.port)")
        #expect(fields.token == server.token)
        let ca = try #require(fields.caData.flatMap { Data(base64Encoded: $0) })
        #expect(ca == (try Data(contentsOf: server.cluster.caCertificate)))
        // The token is in the user entry and nowhere else: not in the URL, not in what the server printed.
        let kubeconfig = try String(contentsOfFile: server.kubeconfig, encoding: .utf8)
        #expect(kubeconfig.components(separatedBy: server.token).count == 2)
        #expect(!server.stdout.contains(server.token))
        let commandLine = try Data(contentsOf: URL(fileURLWithPath: "/proc/\(server.process.processIdentifier)/cmdline"))
        #expect(!String(decoding: commandLine, as: UTF8.self).contains(server.token))

        #expect(try await server.ok(["create", "configmap", "over-tls", "--from-literal=a=1"]).contains("configmap/over-tls created"))
        #expect(try await server.ok(["apply", "-f", "-"], stdin: """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: applied}
            data: {b: "2"}
            """).contains("configmap/applied"))
        #expect(try await server.ok(["get", "configmap", "applied", "-o", "jsonpath={.data.b}"]) == "2")
        #expect(try await server.ok(["get", "--raw", "/healthz"]) == "ok")
    }

    @Test func requestsWithoutTheTokenGet401() async throws {
        let server = try await TestServer()
        defer { server.stopNow() }
        let namespaces = "/api/v1/namespaces"
        for authorization: LocalCluster.Authorization in [.none, .header("Bearer wrong"), .header("Bearer \(server.token)x"),
                                                          .header("Basic \(server.token)"), .header("Bearer"), .header(server.token)]
        {
            let answer = try await server.http("GET", namespaces, authorization: authorization)
            #expect(answer.status == 401, "\(authorization)")
            let status = try TestServer.json(answer.body)
            #expect(status["kind"] as? String == "Status")
            #expect(status["reason"] as? String == "Unauthorized")
            #expect(status["code"] as? Int == 401)
        }
        // The old URL form, the token as a path prefix, no longer authenticates anything.
        #expect(try await server.http("GET", "/sluice/\(server.token)\(namespaces)", token: false).status == 401)
        #expect(try await server.http("POST", "\(namespaces)/default/configmaps", token: false).status == 401)
        // With the token (the scheme in any case, as Kubernetes accepts it).
        #expect(try await server.http("GET", namespaces).status == 200)
        #expect(try await server.http("GET", namespaces, authorization: .header("bearer \(server.token)")).status == 200)
        // As in Kubernetes (system:public-info-viewer), health and version answer anyone.
        for path in ["/healthz", "/livez", "/readyz", "/version"] {
            #expect(try await server.http("GET", path, token: false).status == 200, "\(path)")
        }
        // Nothing is served over plain HTTP.
        let plain = HTTPClientRequest(url: "http://127.0.0.1:\(server.port)/healthz")
        await #expect(throws: (any Error).self) {
            let response = try await HTTPClient.shared.execute(plain, timeout: .seconds(30))
            if response.status == .ok { return }
            throw TestFailure("HTTP \(response.status.code)")
        }
    }

    @Test(.enabled(if: TestServer.kubectl != nil, "kubectl is not installed"))
    func theCASurvivesARestartSoACopiedKubeconfigKeepsWorking() async throws {
        let port = try LoopbackPort.free()
        let server = try await TestServer(["--listen", "127.0.0.1:\(port)"])
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-kubeconfig-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: copy) }
        try FileManager.default.copyItem(atPath: server.kubeconfig, toPath: copy.path)
        let ca = try Data(contentsOf: server.cluster.caCertificate)
        _ = try await server.ok(["create", "configmap", "before"])
        await server.stop(keepData: true)

        let restarted = try await TestServer(["--listen", "127.0.0.1:\(port)"], directory: server.directory)
        defer { restarted.stopNow() }
        #expect(try Data(contentsOf: restarted.cluster.caCertificate) == ca)
        #expect(restarted.token == server.token)
        let kubectl = try #require(TestServer.kubectl)
        let result = try await Shell.execute(kubectl, ["--kubeconfig", copy.path, "get", "configmap", "before", "-o", "name"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("configmap/before"))
    }

    @Test func aStoppedServersTokenAppearsInNoMessage() async throws {
        let server = try await TestServer()
        let token = server.token
        await server.stop(keepData: true)
        defer { try? FileManager.default.removeItem(at: server.directory) }
        // A kubeconfig as older Sluice servers wrote it (the token in the URL's path) must not leak it either.
        let old = server.directory.appendingPathComponent("old-kubeconfig")
        let current = try String(contentsOfFile: server.kubeconfig, encoding: .utf8)
        try current.replacingOccurrences(of: "server: https://127.0.0.1:\(server.port)",
                                         with: "server: https://u:\(token)@127.0.0.1:\(server.port)/sluice/\(token)?t=\(token)")
            .write(to: old, atomically: true, encoding: .utf8)
        let sluice = TestServer.binDirectory.appendingPathComponent("sluice").path
        for kubeconfig in [server.kubeconfig, old.path] {
            let result = try await Shell.execute(sluice, ["get", "kustomizations", "--kubeconfig", kubeconfig, "--timeout", "5s"])
            #expect(result.status != 0)
            #expect(result.stderr.contains("https://127.0.0.1:\(server.port)"), "\(result.stderr)")
            #expect(!result.stderr.contains(token) && !result.stdout.contains(token), "\(result.stderr)")
        }
    }

    @Test func stateIsOwnerOnlyAndAnOlderOpenDirectoryIsTightened() async throws {
        // As an older Sluice left it: 0755 directory, 0644 token and database.
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-modes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        for name in ["token", "cluster.db", "cluster.lock"] {
            #expect(FileManager.default.createFile(atPath: directory.appendingPathComponent(name).path,
                                                   contents: name == "token" ? Data("0123456789abcdef\n".utf8) : Data(),
                                                   attributes: [.posixPermissions: 0o644]))
        }
        let server = try await TestServer(directory: directory)
        defer { server.stopNow() }
        #expect(server.token == "0123456789abcdef")
        #expect(try await server.http("POST", "/api/v1/namespaces/default/configmaps",
                                      body: Data(#"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"m"}}"#.utf8)).status == 201)
        #expect(FileMode.of(directory) == 0o700, "\(FileMode.octal(FileMode.of(directory)))")
        for name in ["cluster.db", "cluster.db-wal", "cluster.db-shm", "kubeconfig", "token", "ca.key", "ca.crt", "apiserver.key",
                     "apiserver.crt", "cluster.lock"]
        {
            let mode = FileMode.of(directory.appendingPathComponent(name))
            #expect(mode == 0o600, "\(name) is \(FileMode.octal(mode))")
        }
        // A fresh data directory, including missing parents.
        let parent = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-modes-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: parent) }
        let fresh = try await TestServer(directory: parent.appendingPathComponent("nested/cluster"))
        defer { fresh.stopNow() }
        for path in [parent, parent.appendingPathComponent("nested"), fresh.directory] {
            #expect(FileMode.of(path) == 0o700, "\(path.path) is \(FileMode.octal(FileMode.of(path)))")
        }
        #expect(FileMode.of(fresh.directory.appendingPathComponent("cluster.db")) == 0o600)
    }
}
