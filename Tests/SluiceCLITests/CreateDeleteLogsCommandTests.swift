import Foundation
import SluiceTestSupport
import Testing

/// `sluice create` (without `--export`), `sluice delete` and `sluice logs` as a person runs them: the built `sluice`
/// against a real `sluice cluster serve`, the test acting as the controller that marks objects Ready.
@Suite(.enabled(if: BuiltExecutables.isBuilt("sluice") && BuiltExecutables.kubectl != nil, "needs the built executables and kubectl"))
struct CreateDeleteLogsCommandTests {
    /// Starts `sluice ARGUMENTS`, waits for the object it creates, marks it Ready as its controller would (with
    /// `status`), and returns what `sluice` printed once it exited.
    func createAndMarkReady(_ sluice: SluiceCLI, _ arguments: [String], resource: String, name: String, namespace: String,
                            status: String) async throws -> (status: Int32, stdout: String, stderr: String)
    {
        let process = try BackgroundProcess("sluice", arguments + ["--kubeconfig", sluice.cluster.kubeconfig, "--store", sluice.store, "--timeout", "3m"])
        defer { process.kill() }
        let deadline = ContinuousClock.now + .seconds(120)
        while (try? await sluice.kubectl(["get", resource, name, "-n", namespace, "-o", "name"])) == nil {
            guard ContinuousClock.now < deadline else { throw BackgroundProcessError(description: "\(resource) \(name) never appeared: \(process.stderr)") }
            try await Task.sleep(for: .milliseconds(200))
        }
        try await sluice.kubectl(["patch", resource, name, "-n", namespace, "--subresource=status", "--type=merge", "-p", status])
        let exit = try await process.wait(timeout: .seconds(180))
        return (exit, process.stdout, process.stderr)
    }

    static func readyStatus(_ extra: String = "") -> String {
        """
        {"status":{"observedGeneration":1,\(extra)"conditions":[{"type":"Ready","status":"True","reason":"Succeeded","message":"ok","lastTransitionTime":"2026-01-01T00:00:00Z"}]}}
        """
    }

    @Test func createAppliesWaitsForReadyAndDeleteWaitsForFinalizers() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-create-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let cluster = try await LocalCluster(directory: directory.appendingPathComponent("cluster"))
        defer { cluster.stopNow() }
        let sluice = SluiceCLI(cluster: cluster, store: directory.appendingPathComponent("store.db").path)
        try await sluice.installCRDs()
        try await sluice.kubectl(["create", "namespace", "flux-system"])

        // A GitRepository over HTTPS with credentials: the Secret first (values never printed), then the source.
        let git = try await createAndMarkReady(sluice, ["create", "source", "git", "app", "--url", "https://example.invalid/app.git", "--branch", "main",
                                                        "--username", "git", "--password", "s3cr3t-value", "--label", "team=a", "-n", "flux-system"],
                                               resource: "gitrepository", name: "app", namespace: "flux-system",
                                               status: Self.readyStatus(#""artifact":{"revision":"main@sha1:abc","path":"x","url":"http://x","digest":"sha256:0","lastUpdateTime":"2026-01-01T00:00:00Z"},"#))
        #expect(git.status == 0, "\(git.stderr)")
        #expect(git.stderr.contains("✚ generating GitRepository source"))
        #expect(git.stderr.contains("✔ authentication configured"))
        #expect(git.stderr.contains("✔ GitRepository source created"))
        #expect(git.stderr.contains("✔ fetched revision: main@sha1:abc"), "\(git.stderr)")
        #expect(!(git.stderr + git.stdout).contains("s3cr3t-value"))
        #expect(try await sluice.kubectl(["get", "gitrepository", "app", "-n", "flux-system", "-o", "jsonpath={.spec.secretRef.name} {.metadata.labels.team} {.spec.interval}"]) == "app a 1m0s")
        let password = try await sluice.kubectl(["get", "secret", "app", "-n", "flux-system", "-o", "jsonpath={.data.password}"])
        #expect(Data(base64Encoded: password).map { String(decoding: $0, as: UTF8.self) } == "s3cr3t-value")

        // A Kustomization, Ready with its applied revision.
        let ks = try await createAndMarkReady(sluice, ["create", "kustomization", "app", "--source", "app", "--path", "./deploy", "--prune", "-n", "flux-system"],
                                              resource: "kustomization", name: "app", namespace: "flux-system",
                                              status: Self.readyStatus(#""lastAppliedRevision":"main@sha1:abc","#))
        #expect(ks.status == 0, "\(ks.stderr)")
        #expect(ks.stderr.contains("✔ Kustomization app is ready"))
        #expect(ks.stderr.contains("✔ applied revision main@sha1:abc"))

        // A Receiver reports its webhook path.
        let receiver = try await createAndMarkReady(sluice, ["create", "receiver", "app", "--type", "github", "--event", "push", "--secret-ref", "token",
                                                             "--resource", "GitRepository/app", "-n", "flux-system"],
                                                    resource: "receiver", name: "app", namespace: "flux-system",
                                                    status: Self.readyStatus(#""webhookPath":"/hook/abc","#))
        #expect(receiver.status == 0, "\(receiver.stderr)")
        #expect(receiver.stderr.contains("✔ generated webhook URL /hook/abc"))

        // A HelmRepository with a CA: the credentials Secret is `helm-NAME`, Opaque with only `ca.crt`.
        let ca = directory.appendingPathComponent("ca.crt")
        try "-----BEGIN CERTIFICATE-----\nMIIC\n-----END CERTIFICATE-----\n".write(to: ca, atomically: true, encoding: .utf8)
        let helm = try await createAndMarkReady(sluice, ["create", "source", "helm", "charts", "--url", "https://charts.example.invalid", "--ca-file", ca.path,
                                                         "-n", "flux-system"],
                                                resource: "helmrepository", name: "charts", namespace: "flux-system",
                                                status: Self.readyStatus(#""artifact":{"revision":"sha256:1234","path":"x","url":"http://x","digest":"sha256:1234","lastUpdateTime":"2026-01-01T00:00:00Z"},"#))
        #expect(helm.status == 0, "\(helm.stderr)")
        #expect(helm.stderr.contains("✔ source created"))
        #expect(helm.stderr.contains("✔ fetched revision: sha256:1234"))
        #expect(try await sluice.kubectl(["get", "helmrepository", "charts", "-n", "flux-system", "-o", "jsonpath={.spec.secretRef.name}"]) == "helm-charts")
        #expect(try await sluice.kubectl(["get", "secret", "helm-charts", "-n", "flux-system", "-o", "jsonpath={.type}"]) == "Opaque")

        // An OCIRepository and a HelmRelease from it.
        let oci = try await createAndMarkReady(sluice, ["create", "source", "oci", "manifests", "--url", "oci://registry.example.invalid/app", "--tag", "1.0.0",
                                                        "-n", "flux-system"],
                                               resource: "ocirepository", name: "manifests", namespace: "flux-system",
                                               status: Self.readyStatus(#""artifact":{"revision":"1.0.0@sha256:abcd","path":"x","url":"http://x","digest":"sha256:abcd","lastUpdateTime":"2026-01-01T00:00:00Z"},"#))
        #expect(oci.status == 0, "\(oci.stderr)")
        #expect(oci.stderr.contains("✔ OCIRepository created"))
        #expect(oci.stderr.contains("✔ fetched revision: 1.0.0@sha256:abcd"))
        let release = try await createAndMarkReady(sluice, ["create", "helmrelease", "web", "--chart-ref", "OCIRepository/manifests", "-n", "flux-system"],
                                                   resource: "helmrelease", name: "web", namespace: "flux-system", status: Self.readyStatus())
        #expect(release.status == 0, "\(release.stderr)")
        #expect(release.stderr.contains("✔ HelmRelease web is ready"))
        #expect(try await sluice.kubectl(["get", "helmrelease", "web", "-n", "flux-system", "-o", "jsonpath={.spec.chartRef.kind}"]) == "OCIRepository")

        // Alert and Provider (v1beta3) have no status to wait for.
        let provider = try await sluice("create", "alert-provider", "slack", "--type", "slack", "--channel", "general", "-n", "flux-system")
        #expect(provider.status == 0, "\(provider.stderr)")
        #expect(provider.stderr.contains("✔ Provider slack is ready"))
        let alert = try await sluice("create", "alert", "app", "--provider-ref", "slack", "--event-source", "Kustomization/*", "-n", "flux-system")
        #expect(alert.status == 0, "\(alert.stderr)")
        #expect(try await sluice.kubectl(["get", "alert", "app", "-n", "flux-system", "-o", "jsonpath={.spec.eventSources[0].name}"]) == "*")

        // Run again with another path: updated in place, and `--timeout` bounds the wait for a controller that never comes.
        let again = try await sluice("create", "kustomization", "app", "--source", "app", "--path", "./other", "-n", "flux-system", "--timeout", "2s")
        #expect(again.status != 0)
        #expect(again.stderr.contains("✔ Kustomization updated"), "\(again.stderr)")
        #expect(again.stderr.contains("timed out after 2s waiting for Kustomization flux-system/app"), "\(again.stderr)")
        #expect(try await sluice.kubectl(["get", "kustomization", "app", "-n", "flux-system", "-o", "jsonpath={.spec.path}"]) == "./other")

        // Secrets without --export: applied, values never printed.
        let secret = try await sluice("create", "secret", "helm", "repo", "--username", "u", "--password", "hunter2-value", "-n", "flux-system")
        #expect(secret.status == 0, "\(secret.stderr)")
        #expect(secret.stderr.contains("► helm secret 'repo' created in 'flux-system' namespace"))
        #expect(!(secret.stdout + secret.stderr).contains("hunter2-value"))
        #expect(try await sluice.kubectl(["get", "secret", "repo", "-n", "flux-system", "-o", "jsonpath={.type}"]) == "kubernetes.io/basic-auth")

        // delete asks; with no answer on stdin it aborts and keeps the object.
        let refused = try await Shell.execute(BuiltExecutables.url("sluice").path,
                                              ["delete", "source", "git", "app", "-n", "flux-system", "--kubeconfig", cluster.kubeconfig], input: Data())
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("Are you sure you want to delete this source git"))
        #expect(refused.stderr.contains("aborting"))
        #expect(try await sluice.kubectl(["get", "gitrepository", "app", "-n", "flux-system", "-o", "jsonpath={.metadata.name}"]) == "app")

        // --silent deletes without asking and waits until the controller's finalizer is gone.
        try await sluice.kubectl(["patch", "kustomization", "app", "-n", "flux-system", "--type=merge", "-p", #"{"metadata":{"finalizers":["finalizers.fluxcd.io"]}}"#])
        let deleting = try BackgroundProcess("sluice", ["delete", "ks", "app", "--silent", "-n", "flux-system", "--kubeconfig", cluster.kubeconfig, "--timeout", "3m"])
        defer { deleting.kill() }
        let deadline = ContinuousClock.now + .seconds(120)
        while try await sluice.kubectl(["get", "kustomization", "app", "-n", "flux-system", "-o", "jsonpath={.metadata.deletionTimestamp}"]).isEmpty {
            #expect(ContinuousClock.now < deadline)
            try await Task.sleep(for: .milliseconds(200))
        }
        try await Task.sleep(for: .milliseconds(500))
        #expect(deleting.stdout.isEmpty && !deleting.stderr.contains("✔ kustomization deleted"), "finished before the finalizer was removed: \(deleting.stderr)")
        try await sluice.kubectl(["patch", "kustomization", "app", "-n", "flux-system", "--type=merge", "-p", #"{"metadata":{"finalizers":null}}"#])
        let deleted = try await deleting.wait(timeout: .seconds(120))
        #expect(deleted == 0, "\(deleting.stderr)")
        #expect(deleting.stderr.contains("► deleting kustomization app in flux-system namespace"))
        #expect(deleting.stderr.contains("✔ kustomization deleted"))

        // Confirmed on stdin.
        let confirmed = try await Shell.execute(BuiltExecutables.url("sluice").path,
                                                ["delete", "alert-provider", "slack", "-n", "flux-system", "--kubeconfig", cluster.kubeconfig],
                                                input: Data("y\n".utf8))
        #expect(confirmed.status == 0, "\(confirmed.stderr)")
        #expect(confirmed.stderr.contains("✔ alert provider deleted"))
        let missing = try await sluice("delete", "source", "oci", "nothing", "--silent", "-n", "flux-system")
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("OCIRepository flux-system/nothing not found"))
    }

    @Test func createSecretGitMakesSSHKeysAndCollectsTheHostKey() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-sshkeys-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try await GitSSHServer.start(directory: directory.appendingPathComponent("sshd"))
        defer { server.stop() }
        let url = "ssh://git@127.0.0.1:\(server.port)/repo.git"
        let sluice = BuiltExecutables.url("sluice").path
        for (algorithm, extra, type) in [("ecdsa", [String](), "ecdsa-sha2-nistp384"), ("ecdsa", ["--ssh-ecdsa-curve", "p256"], "ecdsa-sha2-nistp256"),
                                         ("ed25519", [], "ssh-ed25519"), ("rsa", ["--ssh-rsa-bits", "2048"], "ssh-rsa")]
        {
            let result = try await Shell.execute(sluice, ["create", "secret", "git", "deploy", "--url", url, "--ssh-key-algorithm", algorithm,
                                                          "-n", "flux-system", "--export"] + extra)
            #expect(result.status == 0, "\(algorithm): \(result.stderr)")
            let data = Self.stringData(result.stdout)
            // The known_hosts line is the server's real host key, as sshd has it.
            #expect(data["known_hosts"] == server.knownHostsLine, "\(data["known_hosts"] ?? "")")
            let identity = try #require(data["identity"])
            #expect(identity.hasPrefix("-----BEGIN PRIVATE KEY-----\n"), "PKCS#8 as fluxcd/pkg/ssh writes it")
            let publicKey = try #require(data["identity.pub"])
            #expect(publicKey.hasPrefix(type + " ") && publicKey.hasSuffix("\n"))
            // OpenSSH derives the same public key from the private key.
            let keyFile = directory.appendingPathComponent("\(algorithm)-\(type)")
            try identity.write(to: keyFile, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: keyFile.path)
            let words = { (key: String) in key.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ").prefix(2).joined(separator: " ") }
            if algorithm == "ed25519" {
                // OpenSSH 9.2 reads no PKCS#8 Ed25519 keys (Go and libssh2 do); OpenSSL derives the public key instead.
                let spki = try await Shell.run("openssl", ["pkey", "-in", keyFile.path, "-pubout"])
                let der = try #require(Data(base64Encoded: spki.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()))
                let blob = try #require(Data(base64Encoded: String(publicKey.split(separator: " ")[1]).trimmingCharacters(in: .whitespacesAndNewlines)))
                #expect(der.suffix(32) == blob.suffix(32))
            } else {
                let derived = try await Shell.run("ssh-keygen", ["-y", "-f", keyFile.path])
                #expect(words(derived) == words(publicKey))
            }
        }
        // A key of one's own: kept byte for byte, its public half read from the OpenSSH file.
        let own = directory.appendingPathComponent("own")
        try await Shell.run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "", "-f", own.path])
        let result = try await Shell.execute(sluice, ["create", "secret", "git", "deploy", "--url", url, "--private-key-file", own.path, "-n", "x", "--export"])
        #expect(result.status == 0, "\(result.stderr)")
        let ownPublic = try String(contentsOf: own.appendingPathExtension("pub"), encoding: .utf8)
        #expect(result.stdout.contains("identity.pub: |\n    \(ownPublic.split(separator: " ").prefix(2).joined(separator: " "))\n"), "\(result.stdout)")
        #expect(result.stdout.contains("-----BEGIN OPENSSH PRIVATE KEY-----"))
        // A host that answers nothing is named in the error.
        let silent = try await Shell.execute(sluice, ["create", "secret", "git", "deploy", "--url", "ssh://git@127.0.0.1:1/repo", "-n", "x", "--export"])
        #expect(silent.status != 0)
        #expect(silent.stderr.contains("SSH key scan for host 127.0.0.1:1 failed"), "\(silent.stderr)")
    }

    /// The `stringData` of a Secret as `--export` prints it: `key: value` or `key: |` with a block indented four spaces.
    static func stringData(_ yaml: String) -> [String: String] {
        var result: [String: String] = [:]
        var inData = false
        var block: (key: String, lines: [String])?
        for line in yaml.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if let current = block {
                if line.hasPrefix("    ") { block?.lines.append(String(line.dropFirst(4))); continue }
                result[current.key] = current.lines.joined(separator: "\n") + "\n"
                block = nil
            }
            if line == "stringData:" { inData = true; continue }
            guard inData, line.hasPrefix("  "), let colon = line.range(of: ": ") else { inData = inData && line.hasPrefix("  "); continue }
            let key = String(line[line.index(line.startIndex, offsetBy: 2)..<colon.lowerBound])
            let value = String(line[colon.upperBound...])
            if value == "|" {
                block = (key, [])
            } else if value.count >= 2, value.hasPrefix("'"), value.hasSuffix("'") {
                result[key] = String(value.dropFirst().dropLast()).replacingOccurrences(of: "''", with: "'")
            } else {
                result[key] = value
            }
        }
        return result
    }

    @Test func logsFiltersARecordedLog() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-logs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("logs"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let now = Date()
        let recent = { (seconds: Double) in now.addingTimeInterval(-seconds).formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)) }
        let old = "2022-08-02T12:56:04.679Z"
        // Lines as the controllers write them (JSONLogHandler), and one in Flux's own shape.
        try """
            {"level":"info","ts":"\(old)","logger":"source-controller","msg":"starting"}
            {"level":"error","ts":"\(old)","logger":"source-controller","msg":"no changes since last reconcilation: observed revision","controller":"gitrepository","name":"flux-system","namespace":"flux-system"}
            not json at all
            {"level":"info","ts":"\(recent(60))","logger":"source-controller","msg":"stored artifact","controller":"gitrepository","name":"podinfo","namespace":"apps"}
            {"level":"info","ts":"\(recent(30))","logger":"source-controller","msg":"fetched","controllerKind":"HelmRepository","name":"charts","namespace":"flux-system"}

            """.write(to: directory.appendingPathComponent("logs/source-controller.log"), atomically: true, encoding: .utf8)
        try """
            {"level":"error","ts":"\(recent(45))","logger":"kustomize-controller","msg":"apply failed","controller":"kustomization","name":"apps","namespace":"flux-system","error":"boom"}

            """.write(to: directory.appendingPathComponent("logs/kustomize-controller.log"), atomically: true, encoding: .utf8)
        let sluice = { (arguments: [String]) in
            try await Shell.execute(BuiltExecutables.url("sluice").path, ["logs", "--data", directory.path] + arguments,
                                    environment: ["KUBECONFIG": "/nonexistent/kubeconfig"])
        }
        let all = try await sluice(["-A"])
        #expect(all.status == 0, "\(all.stderr)")
        let lines = all.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 5, "\(all.stdout)")
        #expect(lines.first == "\(old) info  - starting ")
        #expect(lines.contains("\(old) error GitRepository/flux-system.flux-system - no changes since last reconcilation: observed revision "))
        #expect(lines.last?.hasSuffix(" info HelmRepository/charts.flux-system - fetched ") == true)
        #expect(lines.contains { $0.hasSuffix(" error Kustomization/apps.flux-system - apply failed boom") })

        // The namespace (flux-system by default) hides other namespaces and lines about no object, as flux logs does.
        let inNamespace = try await sluice(["-n", "flux-system"])
        #expect(inNamespace.stdout.split(separator: "\n").count == 3, "\(inNamespace.stdout)")
        let errors = try await sluice(["-n", "flux-system", "--level", "error"])
        #expect(errors.stdout.split(separator: "\n").count == 2, "\(errors.stdout)")
        let kind = try await sluice(["-A", "--kind", "gitrepository"])
        #expect(kind.stdout.split(separator: "\n").count == 2, "\(kind.stdout)")
        let named = try await sluice(["-A", "--kind", "GitRepository", "--name", "podinfo"])
        #expect(named.stdout.split(separator: "\n").count == 1 && named.stdout.contains("stored artifact"), "\(named.stdout)")
        let since = try await sluice(["-A", "--since", "5m"])
        #expect(since.stdout.split(separator: "\n").count == 3, "\(since.stdout)")
        let tail = try await sluice(["-A", "--tail", "1"])
        #expect(tail.stdout.split(separator: "\n").count == 2, "one line per controller: \(tail.stdout)")
        // --follow prints lines as the controllers append them.
        let following = try BackgroundProcess("sluice", ["logs", "--data", directory.path, "-A", "--follow", "--kind", "Kustomization"])
        defer { following.kill() }
        let log = try FileHandle(forWritingTo: directory.appendingPathComponent("logs/kustomize-controller.log"))
        try log.seekToEnd()
        try log.write(contentsOf: Data(#"{"level":"info","ts":"\#(recent(1))","logger":"kustomize-controller","msg":"applied later","controller":"kustomization","name":"late","namespace":"apps"}"#.utf8 + [0x0A]))
        try log.close()
        let deadline = ContinuousClock.now + .seconds(60)
        while !following.stdout.contains("Kustomization/late.apps - applied later ") && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(following.stdout.contains("Kustomization/apps.flux-system - apply failed boom"), "\(following.stdout)")
        #expect(following.stdout.contains("Kustomization/late.apps - applied later "), "\(following.stdout)")
        following.kill()

        let bad = try await sluice(["--level", "warn"])
        #expect(bad.status != 0 && bad.stderr.contains("unsupported log level 'warn', must be one of: debug, info, error"))
        let none = try await Shell.execute(BuiltExecutables.url("sluice").path, ["logs", "--data", directory.appendingPathComponent("missing").path])
        #expect(none.status != 0 && none.stderr.contains("no controller logs in") && none.stderr.contains("serves no pod logs"), "\(none.stderr)")
    }
}
