import Foundation
import SluiceTestSupport
import Testing

/// `sluice bootstrap git` end to end: the built `sluice` pushing over libgit2 to a real `git daemon` (receive-pack
/// enabled) and a real `git http-backend` with basic auth, a real `sluice cluster serve`, and the real source- and
/// kustomize-controller processes reconciling what it committed.
@Suite(.enabled(if: BuiltExecutables.isBuilt("sluice") && BuiltExecutables.isBuilt("kustomize-controller")
    && BuiltExecutables.kubectl != nil, "needs the built executables and kubectl"))
struct BootstrapGitProcessTests {
    @Test func bootstrapCommitsInstallsAndSyncsIdempotentlyThenAppliesACommit() async throws {
        let bed = try await ControllerProcessBed.start("bootstrap")
        defer { bed.cluster.stopNow() }
        // A repository with a README and a user's own kustomization.yaml patch file that must survive.
        try await bed.fixture.commit(["README.md": .file("fleet\n")], message: "Initial")
        try await bed.fixture.push()
        // git:// is a local-only scheme for the source-controller: allowed here, as the test's daemon is loopback.
        let source = try bed.run("source-controller", ["--storage-addr", "127.0.0.1:0", "--allow-local-git-urls"])
        let kustomize = try bed.run("kustomize-controller")
        defer {
            source.signal(SIGKILL)
            kustomize.signal(SIGKILL)
        }
        let arguments = ["bootstrap", "git", "--url", bed.repositoryURL, "--branch", "main", "--path", "clusters/staging",
                         "--author-name", "Bootstrapper", "--silent", "--timeout", "3m"] + bed.common

        let first = try await ChildProcess.run("sluice", arguments, timeout: .seconds(240))
        #expect(first.status == 0, "\(first.stderr)\nsource-controller:\n\(source.stderr.suffix(2000))\nkustomize-controller:\n\(kustomize.stderr.suffix(2000))")
        #expect(first.stderr.contains("✔ committed and pushed component manifests to \"main\""), "\(first.stderr)")
        #expect(first.stderr.contains("✔ bootstrap finished"))
        let bare = bed.fixture.bare
        let afterFirst = try await bed.fixture.git(["rev-parse", "main"], in: bare).trimmingCharacters(in: .whitespacesAndNewlines)
        let files = try await bed.fixture.git(["ls-tree", "-r", "--name-only", "main"], in: bare)
        #expect(files == "README.md\nclusters/staging/flux-system/gotk-components.yaml\nclusters/staging/flux-system/gotk-sync.yaml\n"
            + "clusters/staging/flux-system/kustomization.yaml\n", "\(files)")
        let syncFile = try await bed.fixture.git(["show", "main:clusters/staging/flux-system/gotk-sync.yaml"], in: bare)
        #expect(syncFile.contains("kind: GitRepository") && syncFile.contains("path: ./clusters/staging") && syncFile.contains("interval: 1m0s"))
        #expect(try await bed.fixture.git(["log", "-1", "--format=%an", "main"], in: bare) == "Bootstrapper\n")
        let applied = try await bed.kubectl(["get", "kustomization", "flux-system", "-n", "flux-system", "-o", "jsonpath={.status.lastAppliedRevision}"])
        #expect(applied == "main@sha1:\(afterFirst)")
        // The Kustomization applied the components it syncs: the Deployments carry its label.
        #expect(try await bed.kubectl(["get", "deployment", "source-controller", "-n", "flux-system",
                                       "-o", "jsonpath={.metadata.labels.kustomize\\.toolkit\\.fluxcd\\.io/name}"]) == "flux-system")

        // Again: nothing committed, nothing changed.
        let generations = { try await bed.kubectl(["get", "deployments,gitrepositories,kustomizations", "-n", "flux-system",
                                                   "-o", "jsonpath={.items[*].metadata.generation}"]) }
        let before = try await generations()
        let second = try await ChildProcess.run("sluice", arguments, timeout: .seconds(240))
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stderr.contains("✔ component manifests are up to date"), "\(second.stderr)")
        #expect(try await bed.fixture.git(["rev-parse", "main"], in: bare).trimmingCharacters(in: .whitespacesAndNewlines) == afterFirst)
        #expect(try await generations() == before)

        // Other components (here another registry, as a newer version's image would be): committed and applied.
        let upgrade = try await ChildProcess.run("sluice", arguments + ["--registry", "registry.example/sluice-mirror"], timeout: .seconds(240))
        #expect(upgrade.status == 0, "\(upgrade.stderr)")
        #expect(upgrade.stderr.contains("✔ committed and pushed component manifests"), "\(upgrade.stderr)")
        #expect(try await bed.kubectl(["get", "deployment", "helm-controller", "-n", "flux-system", "-o", "jsonpath={.spec.template.spec.containers[0].image}"])
            .hasPrefix("registry.example/sluice-mirror/sluice:v"))

        // A user's commit in clusters/staging is applied by the flux-system Kustomization.
        try await bed.fixture.git(["pull", "-q", "--ff-only", "origin", "main"])
        let change = try await bed.fixture.commit(["clusters/staging/settings.yaml": .file("""
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: settings
              namespace: default
            data:
              cluster: staging

            """)], message: "staging settings")
        try await bed.fixture.git(["push", "-q", "origin", "main"])
        let reconcile = try await ChildProcess.run("sluice", ["reconcile", "kustomization", "flux-system", "--with-source", "--timeout", "2m"]
                                                   + bed.common, timeout: .seconds(180))
        #expect(reconcile.status == 0, "\(reconcile.stderr)")
        #expect(try await bed.kubectl(["get", "configmap", "settings", "-n", "default", "-o", "jsonpath={.data.cluster}"]) == "staging")
        #expect(try await bed.kubectl(["get", "kustomization", "flux-system", "-n", "flux-system", "-o", "jsonpath={.status.lastAppliedRevision}"])
            == "main@sha1:\(change)")
    }

    @Test func bootstrapOverHTTPWithBasicAuthWritesTheCredentialsSecretAndKeepsAnExistingKustomization() async throws {
        let bed = try await ControllerProcessBed.start("bootstrap-http")
        defer { bed.cluster.stopNow() }
        let http = try await GitHTTPServer.start(root: bed.fixture.served, basicAuth: ("flux", "s3cret"))
        defer { http.stop() }
        let own = "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n- gotk-components.yaml\n- gotk-sync.yaml\n"
            + "labels:\n- pairs:\n    toolkit.fluxcd.io/tenant: sre-team\n"
        try await bed.fixture.commit(["clusters/dev/flux-system/kustomization.yaml": .file(own)], message: "Initial")
        try await bed.fixture.push()
        let source = try bed.run("source-controller", ["--storage-addr", "127.0.0.1:0"])
        let kustomize = try bed.run("kustomize-controller")
        defer {
            source.signal(SIGKILL)
            kustomize.signal(SIGKILL)
        }
        // A wrong password: a clear error, nothing pushed.
        let url = http.url(bed.fixture.repositoryName)
        let denied = try await ChildProcess.run("sluice", ["bootstrap", "git", "--url", url, "--path", "clusters/dev", "--username", "flux",
                                                           "--password", "wrong", "--timeout", "1m"] + bed.common, timeout: .seconds(120))
        #expect(denied.status == 1)
        #expect(denied.stderr.contains("cannot commit the manifests"), "\(denied.stderr)")
        #expect(!denied.stderr.contains("wrong"), "the password stays out of messages")

        let result = try await ChildProcess.run("sluice", ["bootstrap", "git", "--url", url, "--path", "clusters/dev", "--username", "flux",
                                                           "--password", "s3cret", "--timeout", "3m"] + bed.common, timeout: .seconds(240))
        #expect(result.status == 0, "\(result.stderr)\nsource-controller:\n\(source.stderr.suffix(2000))")
        #expect(!result.stderr.contains("s3cret"))
        let kustomization = try await bed.fixture.git(["show", "main:clusters/dev/flux-system/kustomization.yaml"], in: bed.fixture.bare)
        #expect(kustomization == own, "the repository's own kustomization.yaml is kept")
        let username = try await bed.kubectl(["get", "secret", "flux-system", "-n", "flux-system", "-o", "jsonpath={.data.username}"])
        #expect(Data(base64Encoded: username) == Data("flux".utf8))
        #expect(try await bed.kubectl(["get", "gitrepository", "flux-system", "-n", "flux-system", "-o", "jsonpath={.spec.secretRef.name}"])
            == "flux-system")
        // The repository's label patch reached what the Kustomization applied.
        #expect(try await bed.kubectl(["get", "deployment", "helm-controller", "-n", "flux-system",
                                       "-o", "jsonpath={.metadata.labels.toolkit\\.fluxcd\\.io/tenant}"]) == "sre-team")
    }

    @Test func bootstrapOverSSHWithADeployKeyWritesTheIdentitySecret() async throws {
        let bed = try await ControllerProcessBed.start("bootstrap-ssh")
        defer { bed.cluster.stopNow() }
        let server = try await GitSSHServer.start(directory: bed.directory.appendingPathComponent("sshd"))
        defer { server.stop() }
        try await bed.fixture.commit(["README.md": .file("fleet\n")], message: "Initial")
        try await bed.fixture.push()
        let knownHosts = bed.directory.appendingPathComponent("known_hosts")
        try Data((server.knownHostsLine + "\n").utf8).write(to: knownHosts)
        let source = try bed.run("source-controller", ["--storage-addr", "127.0.0.1:0"])
        let kustomize = try bed.run("kustomize-controller")
        defer {
            source.signal(SIGKILL)
            kustomize.signal(SIGKILL)
        }
        let url = server.url(bed.fixture.bare)
        // Without known_hosts: refused before anything is done (no trust on first use).
        let unknown = try await ChildProcess.run("sluice", ["bootstrap", "git", "--url", url, "--path", "clusters/prod",
                                                            "--private-key-file", server.clientKey.privateKeyFile.path] + bed.common)
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("an ssh URL needs --known-hosts-file"), "\(unknown.stderr)")

        let result = try await ChildProcess.run("sluice", ["bootstrap", "git", "--url", url, "--path", "clusters/prod",
                                                           "--private-key-file", server.clientKey.privateKeyFile.path,
                                                           "--known-hosts-file", knownHosts.path, "--timeout", "3m"] + bed.common,
                                                timeout: .seconds(240))
        #expect(result.status == 0, "\(result.stderr)\nsshd:\n\(server.log.suffix(2000))\nsource-controller:\n\(source.stderr.suffix(2000))")
        #expect(try await bed.fixture.git(["ls-tree", "-r", "--name-only", "main"], in: bed.fixture.bare)
            .contains("clusters/prod/flux-system/gotk-sync.yaml"))
        let keys = try await bed.kubectl(["get", "secret", "flux-system", "-n", "flux-system", "-o", "go-template={{range $k, $v := .data}}{{$k}} {{end}}"])
        #expect(keys.contains("identity ") && keys.contains("known_hosts "), "\(keys)")
        let identity = try await bed.kubectl(["get", "secret", "flux-system", "-n", "flux-system", "-o", "jsonpath={.data.identity}"])
        #expect(Data(base64Encoded: identity) == Data(server.clientKey.privateKey.utf8))
        #expect(!result.stderr.contains("PRIVATE KEY"))
    }
}
