import Foundation
import SluiceTestSupport
import Testing

/// `helm-controller template --helmrelease`, the built executable against a real cluster and store: the chart from the
/// store, values merged as the controller merges them, the next revision rendered, nothing installed or recorded.
@Suite(.serialized, .enabled(if: BuiltExecutables.isBuilt("helm-controller") && BuiltExecutables.kubectl != nil, "needs helm-controller and kubectl"))
struct HelmTemplateCommandTests {
    static let chart: [String: String] = [
        "values.yaml": "greeting: hello\nreplicas: 1\n",
        "templates/configmap.yaml": """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: {{ .Release.Name }}-settings
            data:
              greeting: {{ .Values.greeting | quote }}
              replicas: {{ .Values.replicas | quote }}
              revision: {{ .Release.Revision | quote }}
              namespace: {{ .Release.Namespace | quote }}

            """,
        "templates/test.yaml": """
            apiVersion: v1
            kind: Pod
            metadata:
              name: {{ .Release.Name }}-test
              annotations:
                helm.sh/hook: test
            spec:
              containers:
              - name: test
                image: busybox

            """,
    ]

    @Test func rendersAHelmReleaseAsTheControllerWouldAndRecordsNothing() async throws {
        let bed = try await HelmInputsTestBed.start()
        defer { bed.stop() }
        try await bed.apply("""
            apiVersion: source.toolkit.fluxcd.io/v1
            kind: HelmChart
            metadata:
              name: app
              namespace: default
            spec:
              chart: app
              interval: 5m
              sourceRef:
                kind: HelmRepository
                name: charts
            """)
        try await bed.publishArtifact(kind: "HelmChart", name: "app", revision: "1.0.0",
                                      content: HelmInputsTestBed.chartArchive(name: "app", files: Self.chart))
        try await bed.cluster.kubectl(["create", "configmap", "overrides", "--from-literal=values.yaml=replicas: 3\n"])
        try await bed.apply("""
            apiVersion: helm.toolkit.fluxcd.io/v2
            kind: HelmRelease
            metadata:
              name: app
              namespace: default
            spec:
              interval: 10m
              targetNamespace: apps
              chartRef:
                kind: HelmChart
                name: app
              valuesFrom:
              - kind: ConfigMap
                name: overrides
              values:
                greeting: hi
            """)
        let helmController = BuiltExecutables.url("helm-controller").path
        let common = ["--helmrelease", "app", "-n", "default", "--kubeconfig", bed.cluster.kubeconfig,
                      "--store", bed.directory.appendingPathComponent("store.db").path]

        let rendered = try await Shell.execute(helmController, ["template"] + common)
        #expect(rendered.status == 0, "\(rendered.stderr)")
        // The manifest as the controller would install it: post-rendered with Flux's origin labels.
        #expect(rendered.stdout.hasPrefix("""
            ---
            # Source: app/templates/configmap.yaml
            apiVersion: v1
            data:
              greeting: hi
              namespace: apps
              replicas: "3"
              revision: "1"
            kind: ConfigMap
            metadata:
              labels:
                helm.toolkit.fluxcd.io/name: app
                helm.toolkit.fluxcd.io/namespace: default
              name: apps-app-settings

            """), "\(rendered.stdout)")
        #expect(rendered.stdout.contains("# Source: app/templates/test.yaml\n"), "\(rendered.stdout)")
        let noTests = try await Shell.execute(helmController, ["template", "--skip-tests"] + common)
        #expect(noTests.status == 0, "\(noTests.stderr)")
        #expect(noTests.stdout.contains("name: apps-app-settings"))
        #expect(!noTests.stdout.contains("app/templates/test.yaml"), "\(noTests.stdout)")

        // Nothing installed, no revision recorded.
        await #expect(try bed.cluster.kubectl(["get", "secrets", "-A", "-o", "name"]).contains("sh.helm.release") == false)
        await #expect(try bed.cluster.kubectl(["get", "configmaps", "-A", "-o", "name"]).contains("apps-app-settings") == false)

        // A values source that is missing: the values step's message, exit 1, nothing on stdout.
        try await bed.cluster.kubectl(["delete", "configmap", "overrides"])
        let failed = try await Shell.execute(helmController, ["template"] + common)
        #expect(failed.status == 1)
        #expect(failed.stdout.isEmpty)
        #expect(failed.stderr.hasPrefix("Error: HelmRelease default/app: "), "\(failed.stderr)")
        #expect(failed.stderr.contains("overrides"), "\(failed.stderr)")
    }
}
