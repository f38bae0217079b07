import Foundation
import SluiceTestSupport
import Testing

/// `sluice build kustomization` and `sluice diff kustomization` against a real `sluice cluster serve`, with a local
/// directory standing in for the Kustomization's path, and (with the real `source-controller`) a stored artifact.
@Suite(.enabled(if: BuiltExecutables.isBuilt("sluice") && BuiltExecutables.kubectl != nil, "needs the built executables and kubectl"))
struct BuildDiffCommandTests {
    /// The manifests: no kustomization file (Flux generates one), a `${var}` with a value and one with a default.
    static let manifests = [
        "config.yaml": """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: settings
            data:
              region: ${region}
              greeting: ${greeting:=hello}
            """,
        "deployment.yaml": """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              replicas: 2
              selector:
                matchLabels:
                  app: web
              template:
                metadata:
                  labels:
                    app: web
                spec:
                  containers:
                  - name: web
                    image: nginx:1.0
            """,
    ]

    /// A Kustomization `default/app` using every overlay field the fixture can show, and post-build substitution.
    static let kustomization = """
        apiVersion: kustomize.toolkit.fluxcd.io/v1
        kind: Kustomization
        metadata:
          name: app
          namespace: default
        spec:
          interval: 10m
          path: ./deploy
          prune: true
          sourceRef:
            kind: GitRepository
            name: app
          targetNamespace: apps
          namePrefix: prod-
          commonMetadata:
            labels:
              team: blue
          images:
          - name: nginx
            newTag: "1.25"
          patches:
          - target:
              kind: ConfigMap
            patch: |
              - op: add
                path: /data/extra
                value: patched
          postBuild:
            substitute:
              region: eu-west-1
        """

    /// What the controller would apply: overlay, substitution and owner labels.
    static let expected = """
        apiVersion: v1
        data:
          extra: patched
          greeting: hello
          region: eu-west-1
        kind: ConfigMap
        metadata:
          labels:
            kustomize.toolkit.fluxcd.io/name: app
            kustomize.toolkit.fluxcd.io/namespace: default
            team: blue
          name: prod-settings
          namespace: apps
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          labels:
            kustomize.toolkit.fluxcd.io/name: app
            kustomize.toolkit.fluxcd.io/namespace: default
            team: blue
          name: prod-web
          namespace: apps
        spec:
          replicas: 2
          selector:
            matchLabels:
              app: web
          template:
            metadata:
              labels:
                app: web
            spec:
              containers:
              - image: nginx:1.25
                name: web

        """

    /// A cluster with the CRDs and the Kustomization, a directory holding the manifests, and the CLI.
    static func start() async throws -> (directory: URL, cluster: LocalCluster, sluice: SluiceCLI, manifests: URL) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-cli-diff-\(UUID().uuidString)")
        let manifests = directory.appendingPathComponent("deploy")
        try FileManager.default.createDirectory(at: manifests, withIntermediateDirectories: true)
        for (name, text) in Self.manifests {
            try Data((text + "\n").utf8).write(to: manifests.appendingPathComponent(name))
        }
        let cluster = try await LocalCluster(directory: directory.appendingPathComponent("cluster"))
        let sluice = SluiceCLI(cluster: cluster, store: directory.appendingPathComponent("store.db").path)
        try await sluice.installCRDs()
        try await sluice.kubectl(["apply", "-f", "-"], input: Self.kustomization)
        return (directory, cluster, sluice, manifests)
    }

    @Test func buildPrintsWhatTheControllerWouldApply() async throws {
        let (directory, cluster, sluice, manifests) = try await Self.start()
        defer { try? FileManager.default.removeItem(at: directory) }
        defer { cluster.stopNow() }

        let built = try await sluice("build", "kustomization", "app", "-n", "default", "--path", manifests.path)
        #expect(built.status == 0, "\(built.stderr)")
        #expect(built.stdout == Self.expected, "\(built.stdout)")
        #expect(built.stderr.isEmpty, "\(built.stderr)")
        // The directory is read, never written: no generated kustomization left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: manifests.path).sorted() == ["config.yaml", "deployment.yaml"])

        // `ks` and a relative path work as with flux.
        let relative = try await Shell.execute(BuiltExecutables.url("sluice").path,
                                               ["build", "ks", "app", "-n", "default", "--path", "deploy", "--kubeconfig", cluster.kubeconfig],
                                               in: directory)
        #expect(relative.status == 0, "\(relative.stderr)")
        #expect(relative.stdout == Self.expected)

        // Strict substitution refuses a variable with neither value nor default, naming it.
        try Data("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: strict\ndata:\n  zone: ${zone}\n".utf8)
            .write(to: manifests.appendingPathComponent("strict.yaml"))
        let strict = try await sluice("build", "kustomization", "app", "-n", "default", "--path", manifests.path, "--strict-substitute")
        #expect(strict.status == 1)
        #expect(strict.stderr.contains("error: Kustomization default/app: post-build substitutions failed"), "\(strict.stderr)")
        #expect(strict.stderr.contains("zone"), "\(strict.stderr)")
        try FileManager.default.removeItem(at: manifests.appendingPathComponent("strict.yaml"))

        // A missing Kustomization, a missing directory and broken YAML: exit 1, one error line naming it, a hint.
        let absent = try await sluice("build", "kustomization", "absent", "-n", "default", "--path", manifests.path)
        #expect(absent.status == 1)
        #expect(absent.stdout.isEmpty)
        #expect(absent.stderr.hasPrefix("error: Kustomization default/absent not found"), "\(absent.stderr)")
        #expect(absent.stderr.contains("\nhint: "))
        let missingDirectory = directory.appendingPathComponent("nowhere").path
        let badPath = try await sluice("build", "kustomization", "app", "-n", "default", "--path", missingDirectory)
        #expect(badPath.status == 1)
        #expect(badPath.stderr.hasPrefix("error: invalid resource path \"\(missingDirectory)\""), "\(badPath.stderr)")
        #expect(badPath.stderr.contains("\nhint: "))
        let broken = directory.appendingPathComponent("broken")
        try FileManager.default.createDirectory(at: broken, withIntermediateDirectories: true)
        try Data("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [unclosed\n".utf8).write(to: broken.appendingPathComponent("bad.yaml"))
        let badYAML = try await sluice("build", "kustomization", "app", "-n", "default", "--path", broken.path)
        #expect(badYAML.status == 1)
        #expect(badYAML.stderr.contains("error: Kustomization default/app: kustomize build failed: "), "\(badYAML.stderr)")
        #expect(badYAML.stderr.contains(broken.appendingPathComponent("bad.yaml").path), "\(badYAML.stderr)")
    }

    @Test func diffReportsCreatedDriftedAndDeleted() async throws {
        let (directory, cluster, sluice, manifests) = try await Self.start()
        defer { try? FileManager.default.removeItem(at: directory) }
        defer { cluster.stopNow() }
        try await sluice.kubectl(["create", "namespace", "apps"])

        // An empty cluster: both objects would be created.
        let empty = try await sluice("diff", "kustomization", "app", "-n", "default", "--path", manifests.path)
        #expect(empty.status == 1, "\(empty.stdout)\(empty.stderr)")
        #expect(empty.stdout == "► ConfigMap/apps/prod-settings created\n► Deployment/apps/prod-web created\n", "\(empty.stdout)")
        #expect(!empty.stdout.contains("\u{1B}["), "no colours when not on a terminal")

        // Applied as the controller applies: in sync.
        try await sluice.kubectl(["apply", "--server-side", "--field-manager", "kustomize-controller", "-f", "-"], input: Self.expected)
        let clean = try await sluice("diff", "ks", "app", "-n", "default", "--path", manifests.path)
        #expect(clean.status == 0, "\(clean.stdout)\(clean.stderr)")
        #expect(clean.stdout.isEmpty, "\(clean.stdout)")

        // Changed in the cluster: drifted, with the field, the live value and the one applying would restore.
        try await sluice.kubectl(["patch", "deployment", "prod-web", "-n", "apps", "--type=merge", "-p", #"{"spec":{"replicas":5}}"#])
        try await sluice.kubectl(["label", "configmap", "prod-settings", "-n", "apps", "team-"])
        let drifted = try await sluice("diff", "kustomization", "app", "-n", "default", "--path", manifests.path)
        #expect(drifted.status == 1, "\(drifted.stdout)\(drifted.stderr)")
        #expect(drifted.stdout == """
            ► ConfigMap/apps/prod-settings drifted

            metadata.labels
              + one map entry added:
                team: blue

            ► Deployment/apps/prod-web drifted

            spec.replicas
              ± value change
                - 5
                + 2


            """, "\(drifted.stdout)")

        // A change to the local directory is drift too, before anything is pushed.
        try Data((Self.manifests["deployment.yaml"]!.replacingOccurrences(of: "replicas: 2", with: "replicas: 5") + "\n").utf8)
            .write(to: manifests.appendingPathComponent("deployment.yaml"))
        let local = try await sluice("diff", "kustomization", "app", "-n", "default", "--path", manifests.path)
        #expect(local.status == 1)
        #expect(!local.stdout.contains("Deployment/apps/prod-web"), "\(local.stdout)")
        #expect(local.stdout.contains("► ConfigMap/apps/prod-settings drifted"), "\(local.stdout)")

        // What left the build but is in the inventory would be pruned.
        try await sluice.kubectl(["label", "configmap", "prod-settings", "-n", "apps", "team=blue"])
        try await sluice.kubectl(["patch", "kustomization", "app", "--subresource=status", "--type=merge", "-p", """
            {"status":{"inventory":{"entries":[{"id":"apps_prod-settings__ConfigMap","v":"v1"},{"id":"apps_prod-web_apps_Deployment","v":"v1"},{"id":"apps_old__ConfigMap","v":"v1"}]}}}
            """])
        let pruned = try await sluice("diff", "kustomization", "app", "-n", "default", "--path", manifests.path)
        #expect(pruned.status == 1, "\(pruned.stdout)\(pruned.stderr)")
        #expect(pruned.stdout == "► ConfigMap/apps/old deleted\n", "\(pruned.stdout)")

        // Failures exit 2 with an error line naming the object.
        let absent = try await sluice("diff", "kustomization", "absent", "-n", "default", "--path", manifests.path)
        #expect(absent.status == 2)
        #expect(absent.stderr.hasPrefix("error: Kustomization default/absent not found"), "\(absent.stderr)")
        let badPath = try await sluice("diff", "kustomization", "app", "-n", "default", "--path", directory.appendingPathComponent("nowhere").path)
        #expect(badPath.status == 2)
        #expect(badPath.stderr.contains("error: invalid resource path"), "\(badPath.stderr)")
        #expect(badPath.stderr.contains("nowhere"), "\(badPath.stderr)")
    }

    @Test(.enabled(if: BuiltExecutables.isBuilt("source-controller"), "needs the built source-controller"))
    func withoutPathTheSourceArtifactInTheStoreIsUsed() async throws {
        let (directory, cluster, sluice, _) = try await Self.start()
        defer { try? FileManager.default.removeItem(at: directory) }
        defer { cluster.stopNow() }
        try await sluice.kubectl(["create", "namespace", "apps"])
        let fixture = try await GitFixture()
        defer { fixture.cleanUp() }
        var files: [String: GitFixture.Content] = [:]
        for (name, text) in Self.manifests { files["deploy/\(name)"] = .file(text + "\n") }
        try await fixture.commit(files, message: "First")
        try await fixture.push()

        // No artifact yet (not even a store): exit 2 with an error line.
        try await sluice.kubectl(["apply", "-f", "-"], input: """
            apiVersion: source.toolkit.fluxcd.io/v1
            kind: GitRepository
            metadata:
              name: app
              namespace: default
            spec:
              interval: 1h
              url: \(fixture.fileURL)
              ref:
                branch: main
            """)
        let early = try await sluice("diff", "kustomization", "app", "-n", "default")
        #expect(early.status == 2)
        #expect(early.stderr.contains("error: "), "\(early.stderr)")

        let reconciled = try await Shell.execute(BuiltExecutables.url("source-controller").path, [
            "reconcile", "gitrepository", "default/app", "--kubeconfig", cluster.kubeconfig, "--store", sluice.store, "--log-level", "error",
            "--allow-local-git-urls",
        ])
        #expect(reconciled.status == 0, "\(reconciled.stdout)\(reconciled.stderr)")

        let built = try await sluice("build", "kustomization", "app", "-n", "default")
        #expect(built.status == 0, "\(built.stderr)")
        #expect(built.stdout == Self.expected, "\(built.stdout)")
        // The checkout builds the same as the artifact, with --path in place of spec.path.
        let checkout = try await sluice("build", "kustomization", "app", "-n", "default", "--path", fixture.work.appendingPathComponent("deploy").path)
        #expect(checkout.stdout == Self.expected, "\(checkout.stderr)")

        let diff = try await sluice("diff", "kustomization", "app", "-n", "default")
        #expect(diff.status == 1, "\(diff.stdout)\(diff.stderr)")
        #expect(diff.stdout == "► ConfigMap/apps/prod-settings created\n► Deployment/apps/prod-web created\n", "\(diff.stdout)")
    }
}
