import Crypto
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import SluiceTestSupport
import Testing

/// The real `notification-controller run` process, its webhook receiver attacked over real sockets and its Receivers changed
/// with kubectl against `sluice cluster serve`: a flood of slow clients stays bounded in memory and is cut off while a signed
/// push still gets through; a suspended, unsecreted or deleted Receiver stops triggering at once; and
/// `--no-cross-namespace-refs` keeps a Receiver in its namespace.
@Suite(.enabled(if: BuiltExecutables.isBuilt("notification-controller") && BuiltExecutables.kubectl != nil, "needs the built executables and kubectl"),
       .serialized)
struct ReceiverHardeningProcessTests {
    static let token = "hardening-token"

    /// Starts the bed and `notification-controller run` with `flags`; returns them with the webhook port.
    static func start(_ name: String, flags: [String] = []) async throws -> (ControllerProcessBed, ChildProcess, Int) {
        let bed = try await ControllerProcessBed.start(name)
        let notification = try bed.run("notification-controller", ["--receiver-addr", "127.0.0.1:0"] + flags)
        let port = try await eventually(timeout: .seconds(60)) { () -> Int? in
            guard let line = notification.stderr.split(separator: "\n").first(where: { $0.contains("serving webhook receivers") }),
                let range = line.range(of: #"127\.0\.0\.1:[0-9]+"#, options: .regularExpression)
            else { return nil }
            return Int(line[range].split(separator: ":").last!)
        }
        return (bed, notification, port)
    }

    /// A token Secret, GitRepositories that are never fetched (no source-controller runs), and a Receiver of `type`; returns
    /// the Receiver's webhook path once it is Ready.
    @discardableResult
    static func applyReceiver(_ bed: ControllerProcessBed, name: String, namespace: String = "default", type: String = "github",
                              secret: String = "webhook-token", resources: String = "[{kind: GitRepository, name: app}]",
                              repositories: [(namespace: String, name: String)] = [("default", "app")]) async throws -> String
    {
        var yaml = """
            apiVersion: v1
            kind: Secret
            metadata: {name: \(secret), namespace: \(namespace)}
            stringData: {token: \(token)}
            ---
            apiVersion: notification.toolkit.fluxcd.io/v1
            kind: Receiver
            metadata: {name: \(name), namespace: \(namespace)}
            spec:
              type: \(type)
              events: \(type == "github" ? "[push]" : "[]")
              secretRef: {name: \(secret)}
              resources: \(resources)
            """
        for repository in repositories {
            yaml += """

                ---
                apiVersion: source.toolkit.fluxcd.io/v1
                kind: GitRepository
                metadata: {name: \(repository.name), namespace: \(repository.namespace)}
                spec: {interval: 1h, url: "https://example.invalid/\(repository.name).git"}
                """
        }
        try await bed.kubectl(["apply", "-f", "-"], input: yaml)
        return try await eventually(timeout: .seconds(60)) { () -> String? in
            let path = try await bed.kubectl(["get", "receiver", name, "-n", namespace, "-o", "jsonpath={.status.webhookPath}"])
            let ready = try await bed.kubectl(["get", "receiver", name, "-n", namespace, "-o",
                                               "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}"])
            return path.hasPrefix("/hook/") && ready == "True" ? path : nil
        }
    }

    /// `reconcile.fluxcd.io/requestedAt` on a GitRepository.
    static func requestedAt(_ bed: ControllerProcessBed, _ name: String, namespace: String = "default") async throws -> String {
        try await bed.kubectl(["get", "gitrepository", name, "-n", namespace, "-o",
                               "jsonpath={.metadata.annotations.reconcile\\.fluxcd\\.io/requestedAt}"])
    }

    /// POSTs GitHub's signed push of `commit` to `path`; returns the status and the text.
    static func push(port: Int, path: String, commit: String, token: String = token) async throws -> (status: Int, text: String) {
        let body = Data(#"{"ref":"refs/heads/main","after":"\#(commit)","repository":{"full_name":"org/app"}}"#.utf8)
        let signature = "sha256=" + HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Array(token.utf8)))
            .map { String(format: "%02x", $0) }.joined()
        return try await post(port: port, path: path, body: body, headers: ["X-GitHub-Event": "push", "X-Hub-Signature-256": signature])
    }

    static func post(port: Int, path: String, body: Data, headers: [String: String] = [:]) async throws -> (status: Int, text: String) {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!, timeoutInterval: 120)
        request.httpMethod = "POST"
        request.httpBody = body
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    /// The resident memory of process `pid` in bytes, from /proc.
    static func residentBytes(_ pid: Int32) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
            let kibibytes = Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
        else { return nil }
        return kibibytes * 1024
    }

    @Test("hundreds of slow clients (unknown and served paths, trickles, huge bodies): memory stays bounded, every one is cut off, a signed push gets through")
    func floodOfSlowClients() async throws {
        let (bed, notification, port) = try await Self.start("receiver-flood", flags: ["--receiver-request-timeout", "3s"])
        defer { bed.stop() }
        defer { notification.signal(SIGKILL) }
        let path = try await Self.applyReceiver(bed, name: "github")
        let pid = notification.process.processIdentifier
        let baseline = try #require(Self.residentBytes(pid))

        let almostThreeMiB = (3 << 20) - 4096
        func head(_ target: String, length: Int) -> [UInt8] {
            Array("POST \(target) HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: \(length)\r\n\r\n".utf8)
        }
        let body = [UInt8](repeating: UInt8(ascii: "a"), count: almostThreeMiB)
        var plans: [SlowClientFlood.Plan] = []
        // Unknown paths announcing 3 MiB and sending nearly all of it, then a byte a round: answered 404 from the headers.
        for index in 0..<150 {
            plans.append(.init(prefix: head("/hook/\(String(repeating: "0", count: 60))\(index + 1000)", length: 3 << 20) + body, trickle: [UInt8(ascii: "a")]))
        }
        // The served path, the same way: only what the in-flight budget allows is read, the rest answered 503.
        for _ in 0..<60 {
            plans.append(.init(prefix: head(path, length: 3 << 20) + body, trickle: [UInt8(ascii: "a")]))
        }
        // A request line trickled a byte a round, never finished.
        for _ in 0..<60 {
            plans.append(.init(prefix: [], trickle: Array("POST \(path) HTTP/1.1\r\nX-Slow: ".utf8) + [UInt8](repeating: UInt8(ascii: "b"), count: 100_000)))
        }
        // A served path announcing 10 GB: 413 at once.
        for _ in 0..<30 {
            plans.append(.init(prefix: head(path, length: 10_000_000_000), trickle: [UInt8(ascii: "c")]))
        }
        let flood = try SlowClientFlood(port: port, plans: plans)

        // While the flood runs, a signed push gets through and requests the reconcile.
        let pushed = try await Self.push(port: port, path: path, commit: "1111111111111111111111111111111111111111")
        #expect(pushed.status == 200, "\(pushed.text)")
        try await eventually(timeout: .seconds(60)) { try await Self.requestedAt(bed, "app") != "" }

        // Every slow client is cut off, however steadily it trickles; meanwhile resident memory stays bounded.
        var peak = baseline
        var allCutOff = true
        do {
            try await eventually(timeout: .seconds(180)) { () -> Bool in
                peak = max(peak, Self.residentBytes(pid) ?? 0)
                return flood.closed == flood.count
            }
        } catch {
            allCutOff = false
        }
        peak = max(peak, Self.residentBytes(pid) ?? 0)
        await flood.stop()
        #expect(allCutOff, "only \(flood.closed) of \(flood.count) slow clients were cut off")
        let grown = peak - baseline
        print("receiver flood: resident \(baseline >> 20) MiB before, \(peak >> 20) MiB at most, \(flood.count) slow clients cut off")
        // A generous bound: the fault held ~3 MiB per connection (150 connections took the process from 89 to 673 MB).
        #expect(grown < 200 << 20, "resident memory grew by \(grown >> 20) MiB")

        // Still serving.
        let again = try await Self.push(port: port, path: path, commit: "2222222222222222222222222222222222222222")
        #expect(again.status == 200, "\(again.text)")
        notification.signal(SIGTERM)
        #expect(try await notification.wait(timeout: .seconds(30)) == 0, "\(notification.stderr)")
    }

    @Test("a suspended Receiver answers 503 and annotates nothing; a deleted Secret or Receiver stops the path at once (404); a rotated token is served at its new path")
    func receiverFollowsSuspendSecretAndDeletion() async throws {
        let (bed, notification, port) = try await Self.start("receiver-follow")
        defer { bed.stop() }
        defer { notification.signal(SIGKILL) }
        let path = try await Self.applyReceiver(bed, name: "github")

        let first = try await Self.push(port: port, path: path, commit: "1111111111111111111111111111111111111111")
        #expect(first.status == 200, "\(first.text)")
        let annotated = try await eventually(timeout: .seconds(30)) { () -> String? in
            let value = try await Self.requestedAt(bed, "app")
            return value.isEmpty ? nil : value
        }

        // Suspended: Flux answers 503 and requests nothing.
        try await bed.kubectl(["patch", "receiver", "github", "--type", "merge", "-p", #"{"spec":{"suspend":true}}"#])
        let suspended = try await Self.push(port: port, path: path, commit: "2222222222222222222222222222222222222222")
        #expect(suspended.status == 503, "\(suspended.text)")
        #expect(try await Self.requestedAt(bed, "app") == annotated)

        // Resumed: served again.
        try await bed.kubectl(["patch", "receiver", "github", "--type", "merge", "-p", #"{"spec":{"suspend":false}}"#])
        try await eventually(timeout: .seconds(30)) {
            try await Self.push(port: port, path: path, commit: "3333333333333333333333333333333333333333").status == 200
        }
        try await eventually(timeout: .seconds(30)) { try await Self.requestedAt(bed, "app") != annotated }
        let resumed = try await Self.requestedAt(bed, "app")

        // The token Secret deleted: the path is no longer served, at once.
        try await bed.kubectl(["delete", "secret", "webhook-token"])
        let unsecreted = try await Self.push(port: port, path: path, commit: "4444444444444444444444444444444444444444")
        #expect(unsecreted.status == 404, "\(unsecreted.text)")
        #expect(try await Self.requestedAt(bed, "app") == resumed)
        // The Receiver's status follows the Secret at once too (Flux watches Secrets), and a new token is served at its new path.
        try await eventually(timeout: .seconds(30)) {
            try await bed.field("receiver", "github", ".status.conditions[?(@.type==\"Ready\")].reason") == "TokenNotFound"
        }
        try await bed.kubectl(["apply", "-f", "-"], input: """
            apiVersion: v1
            kind: Secret
            metadata: {name: webhook-token, namespace: default}
            stringData: {token: rotated-token}
            """)
        let rotated = try await eventually(timeout: .seconds(30)) { () -> String? in
            let current = try await bed.field("receiver", "github", ".status.webhookPath")
            let ready = try await bed.field("receiver", "github", ".status.conditions[?(@.type==\"Ready\")].status")
            return ready == "True" && current.hasPrefix("/hook/") && current != path ? current : nil
        }
        #expect(try await Self.push(port: port, path: path, commit: "4444444444444444444444444444444444444445", token: "rotated-token").status == 404)
        let afterRotation = try await Self.push(port: port, path: rotated, commit: "4444444444444444444444444444444444444446", token: "rotated-token")
        #expect(afterRotation.status == 200, "\(afterRotation.text)")

        // Another Receiver, deleted: 404 at once.
        let other = try await Self.applyReceiver(bed, name: "other", secret: "other-token")
        let served = try await Self.push(port: port, path: other, commit: "5555555555555555555555555555555555555555")
        #expect(served.status == 200, "\(served.text)")
        try await bed.kubectl(["delete", "receiver", "other", "--wait=false"])
        let deleted = try await Self.push(port: port, path: other, commit: "6666666666666666666666666666666666666666")
        #expect(deleted.status == 404, "\(deleted.text)")
        notification.signal(SIGTERM)
        #expect(try await notification.wait(timeout: .seconds(30)) == 0, "\(notification.stderr)")
    }

    @Test("--no-cross-namespace-refs: a Receiver annotates its own namespace's objects and refuses the others with 500, as Flux")
    func noCrossNamespaceRefs() async throws {
        let (bed, notification, port) = try await Self.start("receiver-tenancy", flags: ["--no-cross-namespace-refs"])
        defer { bed.stop() }
        defer { notification.signal(SIGKILL) }
        try await bed.kubectl(["create", "namespace", "tenant-a"])
        try await bed.kubectl(["create", "namespace", "tenant-b"])
        let path = try await Self.applyReceiver(bed, name: "generic", namespace: "tenant-a", type: "generic",
                                                resources: "[{kind: GitRepository, name: app}, {kind: GitRepository, name: victim, namespace: tenant-b}]",
                                                repositories: [("tenant-a", "app"), ("tenant-b", "victim")])
        let answer = try await Self.post(port: port, path: path, body: Data("{}".utf8))
        #expect(answer.status == 500, "\(answer.text)")
        #expect(answer.text.contains("cross-namespace references are not allowed"), "\(answer.text)")
        try await eventually(timeout: .seconds(30)) { try await Self.requestedAt(bed, "app", namespace: "tenant-a") != "" }
        #expect(try await Self.requestedAt(bed, "victim", namespace: "tenant-b") == "")
        #expect(notification.stderr.contains("cross-namespace references are not allowed"))
    }
}
