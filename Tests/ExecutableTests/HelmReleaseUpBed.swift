import Foundation
import SluiceTestSupport
import Testing

/// `sluice up --repo` (the real API server and the four real controller processes) syncing a repository laid out as
/// Flux's reference example, with kubectl against its cluster and Python to decode Helm's release Secrets.
final class HelmReleaseUpBed: Sendable {
    let directory: URL
    let fixture: GitFixture
    let up: ChildProcess

    /// `DATA/cluster/kubeconfig`.
    var kubeconfig: String { directory.appendingPathComponent("data/cluster/kubeconfig").path }
    /// `--kubeconfig … --store …` for the `sluice` commands.
    var common: [String] { ["--kubeconfig", kubeconfig, "--store", directory.appendingPathComponent("data/store.db").path] }

    private init(directory: URL, fixture: GitFixture, up: ChildProcess) {
        self.directory = directory
        self.fixture = fixture
        self.up = up
    }

    /// Commits `repository`'s files to a fresh `fleet.git` and starts `sluice up` on it with `--path ./clusters/staging`;
    /// returns once kubectl reaches the cluster.
    static func start(_ repository: HelmReleaseFleetRepository, in directory: URL) async throws -> HelmReleaseUpBed {
        let fixture = try await GitFixture(name: HelmReleaseFleetRepository.repositoryName)
        try await fixture.commit(repository.files, message: "staging: webapp")
        try await fixture.push()
        let up = try ChildProcess("sluice", ["up", "--repo", fixture.bare.path, "--path", "./clusters/staging",
                                             "--data", directory.appendingPathComponent("data").path, "--receiver-addr", "127.0.0.1:0"])
        let bed = HelmReleaseUpBed(directory: directory, fixture: fixture, up: up)
        try await bed.waitFor("the API server of sluice up", timeout: .seconds(120)) {
            try await bed.kubectl(["get", "namespace", "flux-system", "-o", "name"]) == "namespace/flux-system\n"
        }
        return bed
    }

    /// Commits `repository`'s files with `message` and has the Kustomization `apps` apply them now (`sluice reconcile
    /// kustomization apps --with-source`: the GitRepository fetches, then the Kustomization applies).
    func commit(_ repository: HelmReleaseFleetRepository, removing: [String] = [], message: String) async throws {
        let sha = try await fixture.commit(repository.files, removing: removing, message: message)
        try await fixture.push()
        let reconcile = try await ChildProcess.run("sluice", ["reconcile", "kustomization", "apps", "--with-source",
                                                              "--timeout", "2m"] + common, timeout: .seconds(180))
        #expect(reconcile.status == 0, "\(reconcile.stdout)\(reconcile.stderr)")
        try await waitFor("Kustomization apps at \(sha)") {
            try await field("kustomization", "apps", namespace: "flux-system", ".status.lastAppliedRevision") == "main@sha1:\(sha)"
        }
    }

    /// kubectl against the cluster.
    @discardableResult
    func kubectl(_ arguments: [String], input: String? = nil) async throws -> String {
        try await Shell.run(BuiltExecutables.kubectl ?? "kubectl", ["--kubeconfig", kubeconfig] + arguments, input: input.map { Data($0.utf8) })
    }

    /// `kubectl get KIND NAME -n NAMESPACE -o jsonpath={PATH}`.
    func field(_ kind: String, _ name: String, namespace: String = HelmReleaseFleetRepository.namespace, _ path: String) async throws -> String {
        try await kubectl(["get", kind, name, "-n", namespace, "-o", "jsonpath={\(path)}"])
    }

    /// A condition of an object: status, reason and message.
    struct Condition: Decodable {
        var type: String
        var status: String
        var reason: String?
        var message: String?
    }

    /// The condition `type` of `kind/name`, if it has one.
    func condition(_ kind: String, _ name: String, namespace: String = HelmReleaseFleetRepository.namespace, _ type: String) async throws -> Condition? {
        let json = try await field(kind, name, namespace: namespace, ".status.conditions")
        guard !json.isEmpty else { return nil }
        return try JSONDecoder().decode([Condition].self, from: Data(json.utf8)).first { $0.type == type }
    }

    /// Whether `kind/name` is Ready=True.
    func isReady(_ kind: String, _ name: String, namespace: String = HelmReleaseFleetRepository.namespace) async throws -> Bool {
        try await condition(kind, name, namespace: namespace, "Ready")?.status == "True"
    }

    /// A Helm release revision decoded from its Secret by Python, independently of Sluice's codec.
    struct DecodedRelease: Decodable {
        var secret: String
        var type: String
        var labels: [String: String]
        var name: String
        var namespace: String
        var version: Int
        var status: String
        var chartName: String
        var chartVersion: String
        /// The values (`config`) as compact JSON with sorted keys, such as `{"message":"hi"}`.
        var config: String
        var manifest: String
        var hooks: [String]
        var notes: String
    }

    /// Helm's storage driver's encoding undone: the Secret's `data.release` is base64 (Kubernetes) of base64 of gzip
    /// of the release's JSON.
    static let decodeReleases = #"""
        import base64, gzip, json, sys
        out = []
        for secret in json.load(sys.stdin)["items"]:
            raw = base64.b64decode(base64.b64decode(secret["data"]["release"]))
            if raw[:3] == b"\x1f\x8b\x08":
                raw = gzip.decompress(raw)
            release = json.loads(raw)
            out.append({
                "secret": secret["metadata"]["name"], "type": secret.get("type", ""), "labels": secret["metadata"].get("labels", {}),
                "name": release["name"], "namespace": release["namespace"], "version": release["version"],
                "status": release["info"]["status"], "chartName": release["chart"]["metadata"]["name"],
                "chartVersion": release["chart"]["metadata"]["version"], "config": json.dumps(release.get("config") or {}, sort_keys=True, separators=(",", ":")),
                "manifest": release.get("manifest", ""), "hooks": [hook["name"] for hook in release.get("hooks") or []],
                "notes": release["info"].get("notes", ""),
            })
        print(json.dumps(sorted(out, key=lambda release: release["version"])))
        """#

    /// The revisions of release `name` in `namespace`, oldest first, from the Secrets labelled as Helm labels them.
    func releases(_ name: String, namespace: String = HelmReleaseFleetRepository.namespace) async throws -> [DecodedRelease] {
        let secrets = try await kubectl(["get", "secrets", "-n", namespace, "-l", "owner=helm,name=\(name)", "-o", "json"])
        let decoded = try await Shell.run("python3", ["-c", Self.decodeReleases], input: Data(secrets.utf8))
        return try JSONDecoder().decode([DecodedRelease].self, from: Data(decoded.utf8))
    }

    /// Polls `condition` every half second (errors count as "not yet") for up to `timeout`; on a timeout records the Flux
    /// objects and the controllers' logs, and throws.
    func waitFor(_ what: String, timeout: Duration = .seconds(180), _ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while true {
            let expired = ContinuousClock.now >= deadline
            if (try? await condition()) == true { return }
            if expired { break }
            try await Task.sleep(for: .milliseconds(500))
        }
        let objects = (try? await kubectl(["get", "helmreleases,helmcharts,helmrepositories,ocirepositories,kustomizations,gitrepositories",
                                           "-A", "-o", "yaml"])) ?? "(kubectl failed)"
        var logs = ""
        for name in ["helm-controller", "source-controller", "kustomize-controller"] {
            let log = (try? String(contentsOf: directory.appendingPathComponent("data/logs/\(name).log"), encoding: .utf8)) ?? ""
            logs += "--- \(name) (last 40 lines)\n" + log.split(separator: "\n").suffix(40).joined(separator: "\n") + "\n"
        }
        Issue.record("timed out after \(timeout) waiting for \(what)\n\(objects)\n\(logs)\n--- sluice up\n\(up.stderr.suffix(4000))")
        throw ChildProcessError("timed out after \(timeout) waiting for \(what)")
    }

    /// Stops `sluice up` (Ctrl-C, then SIGKILL if it lingers) and removes everything.
    func stop() async {
        up.signal(SIGINT)
        _ = try? await up.wait(timeout: .seconds(60))
        fixture.cleanUp()
        try? FileManager.default.removeItem(at: directory)
    }
}
