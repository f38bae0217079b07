import Foundation
import SluiceTestSupport
import Testing

/// The commands that need no cluster, run as the built `sluice` with a kubeconfig that points nowhere:
/// `build|diff kustomization --dry-run --kustomization-file`, `build kustomization --recursive --local-sources`, and
/// `sluice validate`.
@Suite(.enabled(if: BuiltExecutables.isBuilt("sluice"), "needs the built sluice"))
struct OfflineCommandTests {
    /// Runs `sluice ARGUMENTS` in `directory` with no reachable cluster: `KUBECONFIG` names a file that does not exist
    /// and `HOME` has no `.kube`.
    static func sluice(_ arguments: [String], in directory: URL) async throws -> ShellResult {
        try await Shell.execute(BuiltExecutables.url("sluice").path, arguments, in: directory, environment: [
            "KUBECONFIG": directory.appendingPathComponent("no-such-kubeconfig").path,
            "HOME": directory.path,
        ])
    }

    /// A fresh directory holding `files` (relative path → text).
    static func tree(_ files: [String: String]) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-offline-\(UUID().uuidString)")
        for (path, text) in files {
            let url = directory.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data((text + "\n").utf8).write(to: url)
        }
        return directory
    }

    @Test func buildAndDiffDryRunNeedNoCluster() async throws {
        var files = BuildDiffCommandTests.manifests.reduce(into: [String: String]()) { $0["deploy/\($1.key)"] = $1.value }
        // substituteFrom lives in a cluster: skipped with a warning, as flux's dry run skips it.
        files["app.yaml"] = BuildDiffCommandTests.kustomization + """

                substituteFrom:
                - kind: ConfigMap
                  name: cluster-vars
            """
        let directory = try Self.tree(files)
        defer { try? FileManager.default.removeItem(at: directory) }

        let built = try await Self.sluice(["build", "kustomization", "app", "-n", "default", "--path", "deploy",
                                           "--kustomization-file", "app.yaml", "--dry-run"], in: directory)
        #expect(built.status == 0, "\(built.stderr)")
        #expect(built.stdout == BuildDiffCommandTests.expected, "\(built.stdout)")
        #expect(built.stderr.contains("substituteFrom (ConfigMap/cluster-vars)"), "\(built.stderr)")
        // Without -n the Kustomization is found by name; the directory is never written.
        let unnamed = try await Self.sluice(["build", "ks", "app", "--path", "deploy", "--kustomization-file", "app.yaml", "--dry-run"], in: directory)
        #expect(unnamed.stdout == BuildDiffCommandTests.expected, "\(unnamed.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("deploy").path).sorted()
            == ["config.yaml", "deployment.yaml"])

        // With nothing to compare with, every object is one to create.
        let diff = try await Self.sluice(["diff", "kustomization", "app", "-n", "default", "--path", "deploy",
                                          "--kustomization-file", "app.yaml", "--dry-run"], in: directory)
        #expect(diff.status == 1, "\(diff.stdout)\(diff.stderr)")
        #expect(diff.stdout == "► ConfigMap/apps/prod-settings created\n► Deployment/apps/prod-web created\n", "\(diff.stdout)")

        // Bad input: no file, a name the file lacks, another namespace; each an error line naming it.
        let noFile = try await Self.sluice(["build", "ks", "app", "--path", "deploy", "--dry-run"], in: directory)
        #expect(noFile.status == 1)
        #expect(noFile.stderr.hasPrefix("error: --dry-run needs --path DIR and --kustomization-file FILE"), "\(noFile.stderr)")
        let wrongName = try await Self.sluice(["build", "ks", "other", "--path", "deploy", "--kustomization-file", "app.yaml", "--dry-run"], in: directory)
        #expect(wrongName.status == 1)
        #expect(wrongName.stderr.contains("failed to find kustomization with name 'other'"), "\(wrongName.stderr)")
        let wrongNamespace = try await Self.sluice(["diff", "ks", "app", "-n", "prod", "--path", "deploy", "--kustomization-file", "app.yaml",
                                                    "--dry-run"], in: directory)
        #expect(wrongNamespace.status == 2)
        #expect(wrongNamespace.stderr.contains("name 'app' and namespace 'prod'"), "\(wrongNamespace.stderr)")
        let missingFile = try await Self.sluice(["build", "ks", "app", "--path", "deploy", "--kustomization-file", "none.yaml", "--dry-run"],
                                                in: directory)
        #expect(missingFile.stderr.hasPrefix("error: invalid kustomization file \"none.yaml\""), "\(missingFile.stderr)")
    }

    /// A repository laid out as `flux bootstrap` leaves it: `clusters/staging` with the flux-system sync objects and an
    /// `apps` Kustomization, whose build holds a HelmRelease and a nested Kustomization of its own.
    static let repository = [
        "clusters/staging/flux-system/gotk-sync.yaml": """
            apiVersion: source.toolkit.fluxcd.io/v1
            kind: GitRepository
            metadata:
              name: flux-system
              namespace: flux-system
            spec:
              interval: 1m
              url: https://example.com/fleet.git
              ref:
                branch: main
            ---
            apiVersion: kustomize.toolkit.fluxcd.io/v1
            kind: Kustomization
            metadata:
              name: flux-system
              namespace: flux-system
            spec:
              interval: 10m
              path: ./clusters/staging
              prune: true
              sourceRef:
                kind: GitRepository
                name: flux-system
            """,
        "clusters/staging/flux-system/kustomization.yaml": """
            apiVersion: kustomize.config.k8s.io/v1beta1
            kind: Kustomization
            resources:
            - gotk-sync.yaml
            """,
        "clusters/staging/apps.yaml": """
            apiVersion: kustomize.toolkit.fluxcd.io/v1
            kind: Kustomization
            metadata:
              name: apps
              namespace: flux-system
            spec:
              interval: 10m
              path: ./apps/staging
              prune: true
              sourceRef:
                kind: GitRepository
                name: flux-system
              postBuild:
                substitute:
                  cluster: staging
            """,
        "apps/staging/kustomization.yaml": """
            apiVersion: kustomize.config.k8s.io/v1beta1
            kind: Kustomization
            namespace: web
            resources:
            - ../base
            """,
        "apps/base/kustomization.yaml": """
            apiVersion: kustomize.config.k8s.io/v1beta1
            kind: Kustomization
            resources:
            - release.yaml
            - config.yaml
            - podinfo.yaml
            """,
        "apps/base/release.yaml": """
            apiVersion: helm.toolkit.fluxcd.io/v2
            kind: HelmRelease
            metadata:
              name: web
            spec:
              interval: 10m
              chart:
                spec:
                  chart: web
                  sourceRef:
                    kind: HelmRepository
                    name: charts
            """,
        "apps/base/config.yaml": """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: web-settings
            data:
              cluster: ${cluster}
            """,
        "apps/base/podinfo.yaml": """
            apiVersion: kustomize.toolkit.fluxcd.io/v1
            kind: Kustomization
            metadata:
              name: podinfo
              namespace: flux-system
            spec:
              interval: 10m
              path: ./apps/podinfo
              prune: true
              sourceRef:
                kind: GitRepository
                name: flux-system
                namespace: flux-system
              targetNamespace: podinfo
            """,
        "apps/podinfo/config.yaml": """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: podinfo-settings
            data:
              color: blue
            """,
    ]

    @Test func recursiveBuildFollowsNestedKustomizationsInLocalSources() async throws {
        let directory = try Self.tree(Self.repository)
        defer { try? FileManager.default.removeItem(at: directory) }
        let arguments = ["build", "kustomization", "flux-system", "--path", "clusters/staging",
                         "--kustomization-file", "clusters/staging/flux-system/gotk-sync.yaml", "--dry-run", "--recursive"]

        let built = try await Self.sluice(arguments + ["--local-sources", "GitRepository/flux-system/flux-system=."], in: directory)
        #expect(built.status == 0, "\(built.stderr)")
        // flux-system's own objects (in kustomize's order), then apps' build (its HelmRelease printed, not expanded), then podinfo's: each
        // labelled by the Kustomization that applies it. flux-system, in its own build, is not built again.
        let documents = built.stdout.components(separatedBy: "\n---\n")
        let heads = documents.map { document -> String in
            let lines = document.split(separator: "\n")
            let kind = lines.first { $0.hasPrefix("kind: ") }.map { String($0.dropFirst(6)) } ?? "?"
            let name = lines.first { $0.hasPrefix("  name: ") }.map { String($0.dropFirst(8)) } ?? "?"
            let owner = lines.first { $0.hasPrefix("    kustomize.toolkit.fluxcd.io/name: ") }.map { String($0.split(separator: " ").last!) } ?? "?"
            return "\(kind)/\(name) by \(owner)"
        }
        #expect(heads == [
            "Kustomization/apps by flux-system", "Kustomization/flux-system by flux-system", "GitRepository/flux-system by flux-system",
            "ConfigMap/web-settings by apps", "HelmRelease/web by apps", "Kustomization/podinfo by apps",
            "ConfigMap/podinfo-settings by podinfo",
        ], "\(built.stdout)")
        #expect(built.stdout.contains("  cluster: staging\n"), "apps' postBuild.substitute applies: \(built.stdout)")
        #expect(built.stdout.contains("  namespace: podinfo\n"), "podinfo's targetNamespace applies: \(built.stdout)")

        // Without a checkout for the source: an error naming the source and the Kustomization.
        let missing = try await Self.sluice(arguments, in: directory)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("error: cannot get local path for GitRepository/flux-system/flux-system of Kustomization flux-system/apps"),
                "\(missing.stderr)")
        #expect(missing.stderr.contains("hint: name its checkout with --local-sources GitRepository/flux-system/flux-system=DIR"), "\(missing.stderr)")
        let malformed = try await Self.sluice(arguments + ["--local-sources", "flux-system=."], in: directory)
        #expect(malformed.status == 1)
        #expect(malformed.stderr.contains("invalid --local-sources entry \"flux-system=.\""), "\(malformed.stderr)")

        // A nested spec.path may not leave its source.
        try Data(Self.repository["apps/base/podinfo.yaml"]!.replacingOccurrences(of: "./apps/podinfo", with: "../../..").utf8)
            .write(to: directory.appendingPathComponent("apps/base/podinfo.yaml"))
        let escaping = try await Self.sluice(arguments + ["--local-sources", "GitRepository/flux-system/flux-system=."], in: directory)
        #expect(escaping.status == 1)
        #expect(escaping.stderr.contains("error: Kustomization web/podinfo: spec.path \"../../..\" leaves its source"), "\(escaping.stderr)")
    }

    /// A CRD the repository defines (`Widget`, with an integer `size`) and an object of it.
    static let widgets = [
        "crds/widgets.yaml": """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata:
              name: widgets.example.com
            spec:
              group: example.com
              names:
                kind: Widget
                listKind: WidgetList
                plural: widgets
                singular: widget
              scope: Namespaced
              versions:
              - name: v1
                served: true
                storage: true
                schema:
                  openAPIV3Schema:
                    type: object
                    properties:
                      apiVersion:
                        type: string
                      kind:
                        type: string
                      metadata:
                        type: object
                      spec:
                        type: object
                        properties:
                          size:
                            type: integer
            """,
        "widgets/small.yaml": """
            apiVersion: example.com/v1
            kind: Widget
            metadata:
              name: small
              namespace: default
            spec:
              size: 3
            """,
    ]

    @Test func validateChecksObjectsAgainstTheRepositorysCRDs() async throws {
        let directory = try Self.tree(Self.widgets.merging(["README.yaml": "not: an object"]) { $1 })
        defer { try? FileManager.default.removeItem(at: directory) }
        // Links out of the checkout, to a directory and to a file, are never followed: what they lead to is not read.
        let outside = try Self.tree(["bad.yaml": "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: [unclosed"])
        defer { try? FileManager.default.removeItem(at: outside) }
        try FileManager.default.createSymbolicLink(at: directory.appendingPathComponent("linked"), withDestinationURL: outside)
        try FileManager.default.createSymbolicLink(at: directory.appendingPathComponent("linked.yaml"),
                                                   withDestinationURL: outside.appendingPathComponent("bad.yaml"))

        let valid = try await Self.sluice(["validate", "."], in: directory)
        #expect(valid.status == 0, "\(valid.stdout)\(valid.stderr)")
        #expect(valid.stdout.contains("warning: README.yaml: document 1 is not a Kubernetes object"), "\(valid.stdout)")
        #expect(valid.stdout.hasSuffix("✔ valid: 2 valid, 0 invalid, 0 skipped objects; 0 Flux Kustomizations built from 3 YAML files\n"),
                "\(valid.stdout)")
        // --strict fails on the warning.
        let strict = try await Self.sluice(["validate", ".", "--strict"], in: directory)
        #expect(strict.status == 1, "\(strict.stdout)")

        // A wrong field and a wrong type fail, each naming the file, the object and the field.
        try Data(Self.widgets["widgets/small.yaml"]!.replacingOccurrences(of: "size: 3", with: "size: three\n  colour: red").utf8)
            .write(to: directory.appendingPathComponent("widgets/small.yaml"))
        let invalid = try await Self.sluice(["validate"], in: directory)
        #expect(invalid.status == 1, "\(invalid.stdout)\(invalid.stderr)")
        #expect(invalid.stdout.contains("widgets/small.yaml: Widget/default/small: spec.colour: "), "\(invalid.stdout)")
        #expect(invalid.stdout.contains("widgets/small.yaml: Widget/default/small: spec.size: "), "\(invalid.stdout)")
        let json = try await Self.sluice(["validate", "--output", "json"], in: directory)
        #expect(json.status == 1)
        let report = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect(report?["passed"] as? Bool == false, "\(json.stdout)")
        let errors = ((report?["report"] as? [String: Any])?["findings"] as? [[String: Any]] ?? []).filter { $0["severity"] as? String == "error" }
        #expect(Set(errors.compactMap { $0["field"] as? String }) == ["spec.colour", "spec.size"], "\(json.stdout)")
        #expect(errors.allSatisfy { $0["file"] as? String == "widgets/small.yaml" && $0["line"] as? Int == 1 }, "\(json.stdout)")

        // A kind with no schema is an error unless skipped.
        try Data("apiVersion: example.com/v1\nkind: Gadget\nmetadata:\n  name: g\n".utf8).write(to: directory.appendingPathComponent("gadget.yaml"))
        try Data(Self.widgets["widgets/small.yaml"]!.utf8).write(to: directory.appendingPathComponent("widgets/small.yaml"))
        let missing = try await Self.sluice(["validate"], in: directory)
        #expect(missing.status == 1)
        #expect(missing.stdout.contains("gadget.yaml: Gadget/g: no schema for kind Gadget in example.com/v1"), "\(missing.stdout)")
        let skipped = try await Self.sluice(["validate", "--skip-missing-schemas", "--kubernetes-version", "v1.32.0"], in: directory)
        #expect(skipped.status == 0, "\(skipped.stdout)")
        #expect(skipped.stdout.contains("2 valid, 0 invalid, 1 skipped"), "\(skipped.stdout)")
        let otherVersion = try await Self.sluice(["validate", "--kubernetes-version", "1.29"], in: directory)
        #expect(otherVersion.status == 1)
        #expect(otherVersion.stderr.contains("error: --kubernetes-version 1.29: Sluice carries the schemas of Kubernetes 1.32 only"))
    }

    @Test func validateBuildsOnlyWhatComesFromTheCheckout() async throws {
        var files = Self.repository
        // An ArtifactGenerator copying apps/podinfo out of the checkout, and a Kustomization of its ExternalArtifact
        // whose path is the artifact's (as in fluxcd/flux2-kustomize-helm-example); one of another repository.
        files["clusters/staging/artifacts.yaml"] = """
            apiVersion: source.extensions.fluxcd.io/v1beta1
            kind: ArtifactGenerator
            metadata:
              name: flux-system
              namespace: flux-system
            spec:
              sources:
              - alias: monorepo
                kind: GitRepository
                name: flux-system
              artifacts:
              - name: podinfo
                copy:
                - from: "@monorepo/apps/podinfo/**"
                  to: "@artifact/deploy/"
            ---
            apiVersion: kustomize.toolkit.fluxcd.io/v1
            kind: Kustomization
            metadata:
              name: podinfo-artifact
              namespace: flux-system
            spec:
              interval: 10m
              path: ./deploy
              prune: true
              sourceRef:
                kind: ExternalArtifact
                name: podinfo
            ---
            apiVersion: kustomize.toolkit.fluxcd.io/v1
            kind: Kustomization
            metadata:
              name: tenant
              namespace: flux-system
            spec:
              interval: 10m
              path: ./
              prune: true
              sourceRef:
                kind: GitRepository
                name: tenant
            """
        let directory = try Self.tree(files)
        defer { try? FileManager.default.removeItem(at: directory) }

        let report = try await Self.sluice(["validate", "--skip-missing-schemas"], in: directory)
        #expect(report.status == 0, "\(report.stdout)\(report.stderr)")
        #expect(report.stdout.contains("4 Flux Kustomizations built"), "\(report.stdout)")
        #expect(report.stdout.contains("""
            warning: clusters/staging/artifacts.yaml: Kustomization/flux-system/tenant: spec.sourceRef: its source GitRepository/flux-system/tenant \
            is not this checkout (name it with --local-sources GitRepository/flux-system/tenant=DIR); not built
            """), "\(report.stdout)")
        // Named as a local source (here, a directory of the checkout), it is built too.
        let named = try await Self.sluice(["validate", "--skip-missing-schemas", "--local-sources",
                                           "GitRepository/flux-system/flux-system=.,GitRepository/flux-system/tenant=apps/podinfo"], in: directory)
        #expect(named.status == 0, "\(named.stdout)\(named.stderr)")
        #expect(named.stdout.contains("5 Flux Kustomizations built"), "\(named.stdout)")
        let outside = try await Self.sluice(["validate", "--local-sources", "GitRepository/flux-system/flux-system=/"], in: directory)
        #expect(outside.status == 1)
        #expect(outside.stderr.contains("is not in"), "\(outside.stderr)")
    }

    @Test func validateBuildsFluxKustomizationsAndNamesTheWrongField() async throws {
        var files = Self.repository
        files["apps/base/deploy.yaml"] = BuildDiffCommandTests.manifests["deployment.yaml"]!
        files["apps/base/kustomization.yaml"]! += "\n- deploy.yaml"
        let directory = try Self.tree(files)
        defer { try? FileManager.default.removeItem(at: directory) }

        // Flux's and Sluice's own CRDs are known; every Kustomization's path is built (apps with its substitution).
        let valid = try await Self.sluice(["validate"], in: directory)
        #expect(valid.status == 0, "\(valid.stdout)\(valid.stderr)")
        #expect(valid.stdout.contains("3 Flux Kustomizations built"), "\(valid.stdout)")

        try Data(files["apps/base/deploy.yaml"]!.replacingOccurrences(of: "replicas: 2", with: "replica: 2").utf8)
            .write(to: directory.appendingPathComponent("apps/base/deploy.yaml"))
        let invalid = try await Self.sluice(["validate"], in: directory)
        #expect(invalid.status == 1, "\(invalid.stdout)\(invalid.stderr)")
        #expect(invalid.stdout.contains("apps/base/deploy.yaml: Deployment/web/web: spec.replica: "), "\(invalid.stdout)")

        // A Kustomization whose path is not in the repository is a warning (an error with --strict).
        try FileManager.default.removeItem(at: directory.appendingPathComponent("apps/podinfo"))
        let broken = try await Self.sluice(["validate"], in: directory)
        #expect(broken.status == 1)
        #expect(broken.stdout.contains("warning: apps/base/podinfo.yaml: Kustomization/flux-system/podinfo: spec.path: \"./apps/podinfo\" is not a directory"),
                "\(broken.stdout)")
        try Data(files["apps/base/deploy.yaml"]!.utf8).write(to: directory.appendingPathComponent("apps/base/deploy.yaml"))
        let warned = try await Self.sluice(["validate"], in: directory)
        #expect(warned.status == 0, "\(warned.stdout)")
        let strict = try await Self.sluice(["validate", "--strict"], in: directory)
        #expect(strict.status == 1, "\(strict.stdout)")
        // A build that fails is an error naming the Kustomization's file.
        try Data("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [unclosed\n".utf8)
            .write(to: directory.appendingPathComponent("apps/base/config.yaml"))
        let unbuildable = try await Self.sluice(["validate"], in: directory)
        #expect(unbuildable.status == 1)
        #expect(unbuildable.stdout.contains("clusters/staging/apps.yaml: Kustomization/flux-system/apps: kustomize build failed: "), "\(unbuildable.stdout)")
    }
}
