import Foundation
import SluiceTestSupport
import Testing

/// `fluxcd/flux2-multi-tenancy` synced by a running `sluice up` with upstream's lock-down flags, every part real: the
/// platform repository (branch `main`) and the tenant's (branch `dev-team`) in one Git repository served over smart
/// HTTP, kyverno's stand-in manifests pushed as an OCI artifact to the real `docker-registry`, the API server and the
/// four controller processes, kubectl to look.
final class MultiTenancyUpBed: Sendable {
    /// The tenant's namespace, account and branch, as upstream names them.
    static let tenantNamespace = "apps"
    static let tenant = "dev-team"
    /// `sluice up`'s lock-down flags, as `clusters/staging/flux-system/kustomization.yaml` patches Flux's Deployments.
    static let lockDown = ["--no-cross-namespace-refs", "--no-remote-bases", "--default-service-account", "default"]

    let directory: URL
    let git: GitFixture
    let server: GitHTTPServer
    let registry: RegistryServer
    let up: ChildProcess

    /// `DATA/cluster/kubeconfig`.
    var kubeconfig: String { directory.appendingPathComponent("data/cluster/kubeconfig").path }
    /// `--kubeconfig … --store …` for the `sluice` commands.
    var common: [String] { ["--kubeconfig", kubeconfig, "--store", directory.appendingPathComponent("data/store.db").path] }
    /// The placeholder hosts and the loopback servers replacing them.
    var hosts: [String: String] {
        [FluxRepositoryFixture.gitHost: "127.0.0.1:\(server.port)", FluxRepositoryFixture.registryHost: registry.host]
    }

    private init(directory: URL, git: GitFixture, server: GitHTTPServer, registry: RegistryServer, up: ChildProcess) {
        self.directory = directory
        self.git = git
        self.server = server
        self.registry = registry
        self.up = up
    }

    /// Pushes kyverno's stand-in, commits the platform tree to `main` and the tenant tree to `dev-team`, serves them,
    /// and starts `sluice up --path clusters/staging` with ``lockDown``; returns once kubectl reaches the cluster.
    static func start(in directory: URL) async throws -> MultiTenancyUpBed {
        let registry = try await RegistryServer.start(in: directory)
        let git: GitFixture
        let server: GitHTTPServer
        do {
            let pushed = try await ChildProcess.run("sluice", [
                "push", "artifact", registry.url("kyverno/manifests/kyverno") + ":v1.14.4",
                "--path", FluxRepositoryFixture.kyvernoManifests.directory.path, "--source", "https://github.com/kyverno/kyverno",
                "--revision", "v1.14.4@sha1:0000000000000000000000000000000000000000", "--insecure-registry",
            ])
            guard pushed.status == 0 else { throw ChildProcessError("sluice push artifact failed: \(pushed.stderr)") }
            git = try await GitFixture(name: FluxRepositoryFixture.multiTenancy.name)
            server = try await GitHTTPServer.start(root: git.served)
        } catch {
            registry.stop()
            throw error
        }
        let hosts = [FluxRepositoryFixture.gitHost: "127.0.0.1:\(server.port)", FluxRepositoryFixture.registryHost: registry.host]
        let up: ChildProcess
        do {
            try await git.commit(try FluxRepositoryFixture.multiTenancy.files(hosts: hosts), message: "platform: staging")
            try await git.checkout(branch: tenant)
            try await git.commit(try FluxRepositoryFixture.multiTenancyDevTeam.files(), message: "dev-team: podinfo")
            try await git.checkout(branch: "main")
            try await git.push()
            up = try ChildProcess("sluice", ["up", "--repo", git.bare.path, "--path", "clusters/staging",
                                             "--data", directory.appendingPathComponent("data").path, "--receiver-addr", "127.0.0.1:0"] + lockDown)
        } catch {
            server.stop()
            registry.stop()
            git.cleanUp()
            throw error
        }
        let bed = MultiTenancyUpBed(directory: directory, git: git, server: server, registry: registry, up: up)
        try await bed.waitFor("the API server of sluice up", timeout: .seconds(120)) {
            try await bed.kubectl(["get", "namespace", "flux-system", "-o", "name"]) == "namespace/flux-system\n"
        }
        return bed
    }

    /// Commits `files` (and removes `removing`) on the tenant's branch; returns the commit.
    @discardableResult
    func commitTenant(_ files: [String: GitFixture.Content], removing: [String] = [], message: String) async throws -> String {
        try await git.checkout(branch: Self.tenant)
        let sha = try await git.commit(files, removing: removing, message: message)
        try await git.checkout(branch: "main")
        try await git.push()
        return sha
    }

    /// Asks the tenant's GitRepository to fetch now (`sluice reconcile source git`), whatever becomes of its Kustomization.
    func fetchTenant() async throws {
        let fetched = try await ChildProcess.run("sluice", ["reconcile", "source", "git", Self.tenant, "-n", Self.tenantNamespace,
                                                            "--timeout", "2m"] + common, timeout: .seconds(180))
        #expect(fetched.status == 0, "\(fetched.stdout)\(fetched.stderr)")
    }

    /// kubectl against the cluster.
    @discardableResult
    func kubectl(_ arguments: [String]) async throws -> String {
        try await Shell.run(BuiltExecutables.kubectl ?? "kubectl", ["--kubeconfig", kubeconfig] + arguments)
    }

    /// `kubectl get KIND NAME -n NAMESPACE -o jsonpath={PATH}`.
    func field(_ kind: String, _ name: String, namespace: String, _ path: String) async throws -> String {
        try await kubectl(["get", kind, name, "-n", namespace, "-o", "jsonpath={\(path)}"])
    }

    /// The condition `type` of `kind/name`, if it has one.
    func condition(_ kind: String, _ name: String, namespace: String, _ type: String = "Ready") async throws -> HelmReleaseUpBed.Condition? {
        let json = try await field(kind, name, namespace: namespace, ".status.conditions")
        guard !json.isEmpty else { return nil }
        return try JSONDecoder().decode([HelmReleaseUpBed.Condition].self, from: Data(json.utf8)).first { $0.type == type }
    }

    /// Polls `value` about every half second (errors count as "not yet") until it gives one, for up to `timeout`; on a
    /// timeout records the Flux objects and the controllers' logs, and throws.
    @discardableResult
    func waitFor<T>(_ what: String, timeout: Duration = .seconds(240), _ value: () async throws -> T?) async throws -> T {
        do {
            return try await eventually(timeout: timeout) {
                if let found = try await value() { return found }
                try await Task.sleep(for: .milliseconds(500))  // each poll runs kubectl: spare the shared cores
                return nil
            }
        } catch {
            let objects = (try? await kubectl(["get", "kustomizations,gitrepositories,ocirepositories", "-A", "-o", "yaml"])) ?? "(kubectl failed)"
            var logs = ""
            for name in ["source-controller", "kustomize-controller"] {
                let log = (try? String(contentsOf: directory.appendingPathComponent("data/logs/\(name).log"), encoding: .utf8)) ?? ""
                logs += "--- \(name) (last 40 lines)\n" + log.split(separator: "\n").suffix(40).joined(separator: "\n") + "\n"
            }
            Issue.record("timed out after \(timeout) waiting for \(what)\n\(objects.suffix(12000))\n\(logs)\n--- sluice up\n\(up.stderr.suffix(4000))")
            throw error
        }
    }

    /// Polls `condition` as ``waitFor(_:timeout:_:)-<T>`` does until it holds.
    func waitFor(_ what: String, timeout: Duration = .seconds(240), _ condition: () async throws -> Bool) async throws {
        try await waitFor(what, timeout: timeout) { try await condition() ? true : nil }
    }

    /// Waits until `kind/name`'s Ready condition is False with the API server's refusal (`forbidden`); returns it.
    func refusal(_ kind: String, _ name: String, namespace: String) async throws -> HelmReleaseUpBed.Condition {
        try await waitFor("\(kind) \(namespace)/\(name) refused") {
            guard let ready = try await condition(kind, name, namespace: namespace), ready.status == "False",
                  ready.message?.contains("forbidden") == true else { return nil }
            return ready
        }
    }

    /// Stops `sluice up` (Ctrl-C, then SIGKILL if it lingers), the servers, and removes everything.
    func stop() async {
        up.signal(SIGINT)
        _ = try? await up.wait(timeout: .seconds(60))
        server.stop()
        registry.stop()
        git.cleanUp()
        try? FileManager.default.removeItem(at: directory)
    }
}
