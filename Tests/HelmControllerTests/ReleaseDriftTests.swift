import Foundation
import SluiceAPI
import SluiceApply
import SluiceCore
import SluiceRuntime
import SluiceTestSupport
import Testing
@testable import HelmController

/// Drift of a Helm release against a real cluster, as Flux's helm-controller detects and corrects it: objects of the
/// release manifest edited or deleted with kubectl are found (on a server-side dry run) and put back, ignore rules and
/// the `driftDetection: disabled` marker are honoured, and Secret values never show.
@Suite(.serialized) struct ReleaseDriftTests {
    static let secretValue = "s3cr3t-t0ken-value"

    /// A chart's rendered manifest, as Helm stores it: no namespaces, `# Source:` comments, install order.
    static let manifest = """
        ---
        # Source: web/templates/configmap.yaml
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: web-config
        data:
          greeting: hello
          token: \(secretValue)
        ---
        # Source: web/templates/secret.yaml
        apiVersion: v1
        kind: Secret
        metadata:
          name: web-secret
        type: Opaque
        stringData:
          password: \(secretValue)
        ---
        # Source: web/templates/deployment.yaml
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
                  image: ghcr.io/stefanprodan/podinfo:6.5.0
                  ports:
                    - containerPort: 9898
        """

    @Test func editedAndDeletedObjectsAreFoundAndPutBack() async throws {
        let bed = try await ReleaseDriftTestBed.start()
        defer { bed.stop() }
        let namespace = try await bed.namespace()
        let release = bed.release(namespace: namespace, manifest: Self.manifest)
        let object = bed.helmRelease(namespace: namespace)

        // Nothing installed yet: every object is missing, in the release's order, and correcting creates them.
        let missing = try await bed.reconciler.releaseDrift(object, release: release, context: bed.context)
        #expect(missing.map(\.summary) == ["ConfigMap/\(namespace)/web-config removed", "Secret/\(namespace)/web-secret removed",
                                           "Deployment/\(namespace)/web removed"])
        let created = try await bed.reconciler.correctDrift(object, release: release, drift: missing, context: bed.context)
        #expect(created.map(\.line) == ["ConfigMap/\(namespace)/web-config created", "Secret/\(namespace)/web-secret created",
                                        "Deployment/\(namespace)/web created"])
        let installed = try #require(try await bed.object("apps/v1", "Deployment", "web", namespace: namespace))
        #expect(installed.labels["app.kubernetes.io/managed-by"] == "Helm")
        #expect(installed.annotations["meta.helm.sh/release-name"] == "web")
        #expect(installed.annotations["meta.helm.sh/release-namespace"] == namespace)
        // What the server defaults and what it simulates (status) is not drift.
        #expect(try await bed.reconciler.releaseDrift(object, release: release, context: bed.context) == [])

        try await bed.kubectl(["scale", "deployment", "web", "-n", namespace, "--replicas=5"])
        try await bed.kubectl(["delete", "configmap", "web-config", "-n", namespace])
        let drift = try await bed.reconciler.releaseDrift(object, release: release, context: bed.context)
        #expect(drift.map(\.change) == [.missing, .changed])
        #expect(drift.last?.lines == ["Deployment/\(namespace)/web: spec.replicas 2 -> 5"])
        #expect(HelmReleaseReconciler.driftMessage(drift, release: release) == """
            Cluster state of release \(namespace)/web.v1 has drifted from the desired state:
            ConfigMap/\(namespace)/web-config removed
            Deployment/\(namespace)/web changed (0 additions, 1 changes, 0 removals)
            """)

        let corrected = try await bed.reconciler.correctDrift(object, release: release, drift: drift, context: bed.context)
        #expect(HelmReleaseReconciler.driftCorrectedMessage(corrected, release: release) == """
            Cluster state of release \(namespace)/web.v1 has been corrected:
            ConfigMap/\(namespace)/web-config created
            Deployment/\(namespace)/web configured
            """)
        let deployment = try #require(try await bed.object("apps/v1", "Deployment", "web", namespace: namespace))
        #expect(deployment["spec", "replicas"] == 2)
        #expect(try await bed.object("v1", "ConfigMap", "web-config", namespace: namespace)?["data", "greeting"] == "hello")
        #expect(try await bed.reconciler.releaseDrift(object, release: release, context: bed.context) == [])
    }

    @Test func ignoredFieldsAreNeitherDriftNorReverted() async throws {
        let bed = try await ReleaseDriftTestBed.start()
        defer { bed.stop() }
        let namespace = try await bed.namespace()
        let release = bed.release(namespace: namespace, manifest: Self.manifest)
        // Targets are anchored regular expressions, as in Flux: `Deploy.*` selects the Deployment, `web` only `web`.
        let object = bed.helmRelease(namespace: namespace, ignore: [
            IgnoreRule(paths: ["/spec/replicas"], target: Selector(kind: "Deploy.*")),
            IgnoreRule(paths: ["/data/greeting"], target: Selector(kind: "ConfigMap", name: "web")),
        ])
        try await bed.install(release, object: object)

        try await bed.kubectl(["scale", "deployment", "web", "-n", namespace, "--replicas=5"])
        #expect(try await bed.reconciler.releaseDrift(object, release: release, context: bed.context) == [])

        // An ignored field keeps its live value when the rest of the object is corrected.
        try await bed.kubectl(["set", "image", "deployment/web", "-n", namespace, "web=ghcr.io/stefanprodan/podinfo:6.6.0"])
        try await bed.kubectl(["patch", "configmap", "web-config", "-n", namespace, "--type=merge", "-p", #"{"data":{"greeting":"hi"}}"#])
        let drift = try await bed.reconciler.releaseDrift(object, release: release, context: bed.context)
        #expect(drift.flatMap(\.lines) == [
            "ConfigMap/\(namespace)/web-config: data.greeting hello -> hi",
            "Deployment/\(namespace)/web: spec.template.spec.containers.0.image ghcr.io/stefanprodan/podinfo:6.5.0 -> ghcr.io/stefanprodan/podinfo:6.6.0",
        ])
        _ = try await bed.reconciler.correctDrift(object, release: release, drift: drift, context: bed.context)
        let deployment = try #require(try await bed.object("apps/v1", "Deployment", "web", namespace: namespace))
        #expect(deployment["spec", "replicas"] == 5)
        #expect(deployment[path: ["spec", "template", "spec", "containers"]]?.arrayValue?.first?["image"] == "ghcr.io/stefanprodan/podinfo:6.5.0")

        // A pointer into an array, and the empty pointer (the whole object).
        let wider = bed.helmRelease(namespace: namespace, ignore: [
            IgnoreRule(paths: ["/spec/replicas", "/spec/template/spec/containers/0/image"], target: Selector(kind: "Deployment")),
            IgnoreRule(paths: [""], target: Selector(kind: "ConfigMap|Secret", annotationSelector: "meta.helm.sh/release-name=web")),
        ])
        try await bed.kubectl(["set", "image", "deployment/web", "-n", namespace, "web=ghcr.io/stefanprodan/podinfo:6.7.0"])
        try await bed.kubectl(["delete", "secret", "web-secret", "-n", namespace])
        try await bed.kubectl(["delete", "configmap", "web-config", "-n", namespace])
        #expect(try await bed.reconciler.releaseDrift(wider, release: release, context: bed.context) == [])
    }

    @Test func objectsMarkedDisabledAreLeftOut() async throws {
        let bed = try await ReleaseDriftTestBed.start()
        defer { bed.stop() }
        let namespace = try await bed.namespace()
        let release = bed.release(namespace: namespace, manifest: """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: chart-marked
              annotations:
                helm.toolkit.fluxcd.io/driftDetection: disabled
            data:
              a: "1"
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: cluster-marked
            data:
              a: "1"
            """)
        let object = bed.helmRelease(namespace: namespace)
        try await bed.install(release, object: object)
        // The chart's marker leaves its object out entirely, even when it is missing.
        try await bed.kubectl(["apply", "-f", "-"], input: """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: cluster-marked
              namespace: \(namespace)
            data:
              a: "1"
            """)
        // A marker on the live object, as a label, in any case, counts as on the chart's (fluxcd/pkg AnyInMetadata).
        try await bed.kubectl(["label", "configmap", "cluster-marked", "-n", namespace, "helm.toolkit.fluxcd.io/driftDetection=Disabled"])
        try await bed.kubectl(["patch", "configmap", "cluster-marked", "-n", namespace, "--type=merge", "-p", #"{"data":{"a":"2"}}"#])
        #expect(try await bed.object("v1", "ConfigMap", "chart-marked", namespace: namespace) == nil)
        #expect(try await bed.reconciler.releaseDrift(object, release: release, context: bed.context) == [])
    }

    @Test func secretValuesNeverShow() async throws {
        let bed = try await ReleaseDriftTestBed.start()
        defer { bed.stop() }
        let namespace = try await bed.namespace()
        let release = bed.release(namespace: namespace, manifest: Self.manifest)
        let object = bed.helmRelease(namespace: namespace)
        try await bed.install(release, object: object)
        let other = "an0ther-s3cret"
        try await bed.kubectl(["patch", "secret", "web-secret", "-n", namespace, "--type=merge",
                               "-p", #"{"data":{"password":"\#(Data(other.utf8).base64EncodedString())"}}"#])
        try await bed.kubectl(["patch", "configmap", "web-config", "-n", namespace, "--type=merge", "-p", #"{"data":{"token":"changed"}}"#])

        let drift = try await bed.reconciler.releaseDrift(object, release: release, context: bed.context)
        #expect(drift.flatMap(\.lines) == [
            "ConfigMap/\(namespace)/web-config: data.token *** (after) -> *** (before)",
            "Secret/\(namespace)/web-secret: data.password *** (after) -> *** (before)",
        ])
        let texts = drift.flatMap(\.lines) + drift.flatMap { $0.fields.map { "\($0.desired as Any) \($0.live as Any)" } }
            + [HelmReleaseReconciler.driftMessage(drift, release: release)]
        for secret in [Self.secretValue, Data(Self.secretValue.utf8).base64EncodedString(), other, Data(other.utf8).base64EncodedString()] {
            #expect(!texts.contains { $0.contains(secret) })
        }
        _ = try await bed.reconciler.correctDrift(object, release: release, drift: drift, context: bed.context)
        let secret = try #require(try await bed.object("v1", "Secret", "web-secret", namespace: namespace))
        #expect(secret["data", "password"]?.stringValue == Data(Self.secretValue.utf8).base64EncodedString())
        #expect(try await bed.reconciler.releaseDrift(object, release: release, context: bed.context) == [])
    }

    @Test func badInputIsNamedAndHidesNoDrift() async throws {
        let bed = try await ReleaseDriftTestBed.start()
        defer { bed.stop() }
        let namespace = try await bed.namespace()
        let release = bed.release(namespace: namespace, manifest: Self.manifest)

        func failure(_ object: HelmRelease, _ release: HelmReleaseRecord) async -> String {
            do {
                _ = try await bed.reconciler.releaseDrift(object, release: release, context: bed.context)
                return "no error"
            } catch {
                return "\(error)"
            }
        }
        let badRegex = bed.helmRelease(namespace: namespace, ignore: [IgnoreRule(paths: ["/spec"], target: Selector(name: "(web"))])
        #expect(await failure(badRegex, release).hasPrefix("InitFailed: spec.driftDetection.ignore[0].target.name: invalid regular expression \"(web\""))
        let badPointer = bed.helmRelease(namespace: namespace, ignore: [IgnoreRule(paths: ["/spec", "spec/replicas"])])
        #expect(await failure(badPointer, release)
            == #"InitFailed: spec.driftDetection.ignore[0].paths[1]: invalid JSON pointer "spec/replicas": it must be empty or start with "/""#)
        let object = bed.helmRelease(namespace: namespace)
        let notAMap = bed.release(namespace: namespace, manifest: "---\n# Source: x.yaml\n- a\n- b\n")
        #expect(await failure(object, notAMap).contains("release manifest of \(namespace)/web.v1: document 1 (line 3): expected a map, found array"))

        // An object of a kind the cluster does not know: alone it is an error; beside real drift it hides none.
        let widget = """
            ---
            apiVersion: example.com/v1
            kind: Widget
            metadata:
              name: w
            """
        let unknown = bed.release(namespace: namespace, manifest: widget)
        #expect(await failure(object, unknown).contains("unable to determine cluster state: Widget/w: failed to determine if Widget is namespace scoped"))
        let mixed = bed.release(namespace: namespace, manifest: Self.manifest + "\n" + widget)
        let drift = try await bed.reconciler.releaseDrift(object, release: mixed, context: bed.context)
        #expect(drift.count == 3)
    }

    @Test func anUpgradePreviewNamesWhatItWouldCreateChangeAndDelete() async throws {
        let bed = try await ReleaseDriftTestBed.start()
        defer { bed.stop() }
        let namespace = try await bed.namespace()
        let deployed = bed.release(namespace: namespace, manifest: Self.manifest)
        let object = bed.helmRelease(namespace: namespace)
        try await bed.install(deployed, object: object)
        // The next revision: the ConfigMap's greeting and the replicas change, a Service comes, the Secret goes.
        let next = Self.manifest.replacingOccurrences(of: "greeting: hello", with: "greeting: hi")
            .replacingOccurrences(of: "replicas: 2", with: "replicas: 3")
            .replacingOccurrences(of: "stringData:\n  password: \(Self.secretValue)", with: "stringData: {}")
            .replacingOccurrences(of: "# Source: web/templates/secret.yaml\napiVersion: v1\nkind: Secret", with: "# Source: web/templates/service.yaml\napiVersion: v1\nkind: Service")
            .replacingOccurrences(of: "name: web-secret\ntype: Opaque\nstringData: {}", with: "name: web\nspec:\n  ports:\n    - port: 80")
        var rendered = bed.release(namespace: namespace, manifest: next)
        rendered.version = 2
        let changes = try await bed.reconciler.previewChanges(object, rendered: rendered, deployed: deployed)
        #expect(changes.map(\.change) == [.changed, .missing, .changed, .deleted])
        #expect(changes.flatMap(\.lines) == [
            "ConfigMap/\(namespace)/web-config: data.greeting hi -> hello",
            "Service/\(namespace)/web: missing",
            "Deployment/\(namespace)/web: spec.replicas 3 -> 2",
            "Secret/\(namespace)/web-secret: deleted",
        ])
        // Nothing changed in the cluster.
        #expect(try await bed.object("v1", "Service", "web", namespace: namespace) == nil)
        #expect(try await bed.object("apps/v1", "Deployment", "web", namespace: namespace)?["spec", "replicas"] == 2)
    }

    @Test func pointersReachIntoArraysAndEscape() {
        #expect(DriftIgnore.tokens("/metadata/annotations/a~1b~0c") == ["metadata", "annotations", "a/b~c"])
        #expect(DriftIgnore.tokens("") == [])
        let value: JSONValue = ["spec": ["items": [["a": 1, "b": 2], ["a": 3]]]]
        #expect(DriftIgnore.value(at: ["spec", "items", "1", "a"], in: value) == 3)
        #expect(DriftIgnore.value(at: ["spec", "items", "01"], in: value) == nil)
        #expect(DriftIgnore.setting(nil, at: ["spec", "items", "0", "b"], in: value) == ["spec": ["items": [["a": 1], ["a": 3]]]])
        #expect(DriftIgnore.setting(nil, at: ["spec", "items", "1"], in: value) == ["spec": ["items": [["a": 1, "b": 2]]]])
        // A pointer to nothing changes nothing.
        #expect(DriftIgnore.setting(nil, at: ["spec", "missing", "x"], in: value) == value)
        #expect(DriftIgnore.setting(nil, at: ["spec", "items", "7"], in: value) == value)
    }

    @Test func summariesCountAsFluxsPatch() {
        let id = ResourceIdentifier(namespace: "default", name: "web", group: "apps", kind: "Deployment")
        let drift = ReleaseDrift(subject: "Deployment/default/web", identifier: id, apiVersion: "apps/v1", change: .changed, fields: [
            FieldDrift(path: ["spec", "replicas"], desired: 2, live: 5),
            FieldDrift(path: ["metadata", "labels", "a"], desired: "x", live: nil),
            FieldDrift(path: ["spec", "paused"], desired: nil, live: true),
        ])
        #expect(drift.summary == "Deployment/default/web changed (1 additions, 1 changes, 1 removals)")
    }
}
