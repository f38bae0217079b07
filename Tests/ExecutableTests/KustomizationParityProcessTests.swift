import Foundation
import SluiceTestSupport
import Testing

/// The Kustomization fields Flux has and Sluice once read differently, end to end: the real `source-controller` and
/// `kustomize-controller` processes against `sluice cluster serve` and a real `git daemon`, kubectl making the changes
/// Flux's documentation describes (`docs/spec/v1/kustomizations.md`) and reading the result.
@Suite(.enabled(if: BuiltExecutables.isBuilt("kustomize-controller") && BuiltExecutables.kubectl != nil, "needs the built executables and kubectl"))
struct KustomizationParityProcessTests {
    static let deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          labels: {app: web}
        spec:
          replicas: 2
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
              annotations: {note: pod}
            spec:
              containers:
              - name: web
                image: ghcr.io/stefanprodan/podinfo:6.0.0

        """

    /// `ssa` annotations: `IfNotPresent` is created once and left alone, `Ignore` is never applied, `Merge` keeps what
    /// another manager added where the default (`Override`) takes it over and removes it (fluxcd/pkg `ssa`:
    /// `IfNotPresentSelector`, `ExclusionSelector`, the cleanup's `FieldManagers` and `Exclusions`).
    static func configMap(_ name: String, ssa: String? = nil, data: String) -> String {
        let annotations = ssa.map { "\n  annotations:\n    kustomize.toolkit.fluxcd.io/ssa: \($0)" } ?? ""
        return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: \(name)\(annotations)\ndata:\n\(data)"
    }

    @Test func ignoreCommonMetadataSubstituteStrategyBuildMetadataAndSSAAnnotationsAsFlux() async throws {
        let bed = try await ControllerProcessBed.start("parity", clusterFlags: ["--simulate-delay", "100ms"])
        defer { bed.stop() }
        let fixture = bed.fixture
        @discardableResult func kubectl(_ arguments: [String], input: String? = nil) async throws -> String {
            try await bed.kubectl(arguments, input: input)
        }
        let files: [String: GitFixture.Content] = [
            "deploy/kustomization.yaml": .file("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n"
                + "- deployment.yaml\n- settings.yaml\n- once.yaml\n- never.yaml\n- merged.yaml\n"),
            "deploy/deployment.yaml": .file(Self.deployment),
            "deploy/settings.yaml": .file(Self.configMap("settings", data: "  greeting: ${greeting:=hello}\n")),
            "deploy/once.yaml": .file(Self.configMap("once", ssa: "IfNotPresent", data: "  k: from-git\n")),
            "deploy/never.yaml": .file(Self.configMap("never", ssa: "Ignore", data: "  k: from-git\n")),
            "deploy/merged.yaml": .file(Self.configMap("merged", ssa: "Merge", data: "  k: from-git\n")),
        ]
        let first = try await fixture.commit(files, message: "First")
        try await fixture.push()

        let source = try bed.run("source-controller", ["--storage-addr", "127.0.0.1:0", "--allow-local-git-urls"])
        defer { source.signal(SIGKILL) }
        let kustomize = try bed.run("kustomize-controller")
        defer { kustomize.signal(SIGKILL) }
        // `substituteFrom` an absent optional ConfigMap: no variable is defined, so with the default strategy Flux does not
        // substitute at all. The ignore target is a regular expression and a label selector, as jsondiff's Selector.
        try await bed.applyApp(extra: """
              buildMetadata: [originAnnotations]
              commonMetadata:
                labels: {team: platform}
                annotations: {owner: ops}
              postBuild:
                substituteFrom:
                - kind: ConfigMap
                  name: absent
                  optional: true
              ignore:
              - paths: ["/spec/replicas"]
                target:
                  kind: "Deploy.*"
                  labelSelector: "app=web"
            """)
        func field(_ kind: String, _ name: String, _ path: String) async throws -> String { try await bed.field(kind, name, path) }
        func waitFor(_ what: String, _ condition: () async throws -> Bool) async throws {
            try await bed.waitFor(what, kinds: "kustomization,gitrepository,deployment,configmap",
                                  logs: ["kustomize-controller": kustomize, "source-controller": source], condition)
        }
        try await waitFor("first apply") { try await field("kustomization", "app", ".status.lastAppliedRevision") == "main@sha1:\(first)" }
        // A GitRepository's artifact names no origin revision (Flux's `getOriginRevision`).
        await #expect(try field("kustomization", "app", ".status.lastAppliedOriginRevision") == "")

        // commonMetadata: the objects' own metadata, never the pod template (Flux's SetCommonMetadata).
        await #expect(try field("deployment", "web", ".metadata.labels.team") == "platform")
        await #expect(try field("deployment", "web", ".metadata.annotations.owner") == "ops")
        await #expect(try field("deployment", "web", ".spec.template.metadata.labels") == #"{"app":"web"}"#)
        await #expect(try field("deployment", "web", ".spec.template.metadata.annotations") == #"{"note":"pod"}"#)
        await #expect(try field("deployment", "web", ".spec.selector.matchLabels") == #"{"app":"web"}"#)
        await #expect(try field("configmap", "settings", ".metadata.labels.team") == "platform")

        // ignore: the object is created whole (replicas 2); the path is then left to whoever changes it.
        await #expect(try field("deployment", "web", ".spec.replicas") == "2")

        // substituteStrategy WithVariables (the default): no variable, no substitution — the expression stays as written.
        await #expect(try field("configmap", "settings", ".data.greeting") == "${greeting:=hello}")

        // buildMetadata: kustomize's origin annotation, naming the file as the kustomization names it.
        let origin = try await field("configmap", "settings", ".metadata.annotations.config\\.kubernetes\\.io/origin")
        #expect(origin == "path: settings.yaml\n", "\(origin)")

        // ssa annotations.
        await #expect(try kubectl(["get", "configmap", "-o", "name"]).contains("configmap/never") == false)
        try await kubectl(["patch", "configmap", "once", "--type=merge", "-p", #"{"data":{"k":"changed"}}"#])
        try await kubectl(["patch", "configmap", "merged", "--type=merge", "-p", #"{"data":{"extra":"by-kubectl"}}"#])
        // Without an `ssa` annotation (Flux's `Override`), what kubectl adds is taken over and removed.
        try await kubectl(["patch", "configmap", "settings", "--type=merge", "-p", #"{"data":{"extra":"by-kubectl"}}"#])

        // Drift: replicas (ignored) and a label the controller owns; the label is corrected, the replicas are kept.
        try await kubectl(["patch", "deployment", "web", "--type=merge", "-p", #"{"spec":{"replicas":5},"metadata":{"labels":{"team":"other"}}}"#])
        try await waitFor("owned drift corrected") { try await field("deployment", "web", ".metadata.labels.team") == "platform" }
        try await waitFor("a field kubectl added removed") { try await field("configmap", "settings", ".data.extra") == "" }
        await #expect(try field("deployment", "web", ".spec.replicas") == "5")
        await #expect(try field("configmap", "once", ".data.k") == "changed")
        await #expect(try field("configmap", "merged", ".data.extra") == "by-kubectl")
        await #expect(try field("configmap", "merged", ".data.k") == "from-git")

        // substituteStrategy Always: substitutes with no variable defined, so the default applies.
        try await kubectl(["patch", "kustomization", "app", "--type=merge", "-p", #"{"spec":{"postBuild":{"substituteStrategy":"Always"}}}"#])
        try await waitFor("substituted with Always") { try await field("configmap", "settings", ".data.greeting") == "hello" }
        await #expect(try field("deployment", "web", ".spec.replicas") == "5")

        kustomize.signal(SIGTERM)
        source.signal(SIGTERM)
        #expect(try await kustomize.wait(timeout: .seconds(20)) == 0, "\(kustomize.stderr)")
        #expect(try await source.wait(timeout: .seconds(20)) == 0, "\(source.stderr)")
    }
}
