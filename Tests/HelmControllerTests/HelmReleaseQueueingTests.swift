import SluiceAPI
import SluiceCore
import SluiceKube
import SluiceRuntime
import Testing
@testable import HelmController

/// Which HelmReleases are queued when a chart source's artifact changes or a dependency becomes Ready.
@Suite struct HelmReleaseQueueingTests {
    static func object(_ json: String) throws -> KubeObject {
        guard case .object(let root) = try JSONParser().parse(json) else { throw LocalJSONError() }
        return KubeObject(root)
    }

    @Test func aChartSourceMapsToTheHelmReleasesUsingIt() throws {
        let byRef = try Self.object(#"{"apiVersion":"helm.toolkit.fluxcd.io/v2","kind":"HelmRelease","metadata":{"name":"a","namespace":"apps"},"spec":{"chartRef":{"kind":"OCIRepository","name":"podinfo"}}}"#)
        #expect(ChartArtifactWatcher.source(of: byRef, kind: "OCIRepository") == ObjectKey(namespace: "apps", name: "podinfo"))
        #expect(ChartArtifactWatcher.source(of: byRef, kind: "HelmChart") == nil)
        let crossNamespace = try Self.object(#"{"apiVersion":"helm.toolkit.fluxcd.io/v2","kind":"HelmRelease","metadata":{"name":"a","namespace":"apps"},"spec":{"chartRef":{"kind":"HelmChart","name":"c","namespace":"flux-system"}}}"#)
        #expect(ChartArtifactWatcher.source(of: crossNamespace, kind: "HelmChart") == ObjectKey(namespace: "flux-system", name: "c"))
        let byTemplate = try Self.object(#"{"apiVersion":"helm.toolkit.fluxcd.io/v2","kind":"HelmRelease","metadata":{"name":"a","namespace":"apps"},"spec":{"chart":{"spec":{"chart":"podinfo"}}},"status":{"helmChart":"flux-system/apps-a"}}"#)
        #expect(ChartArtifactWatcher.source(of: byTemplate, kind: "HelmChart") == ObjectKey(namespace: "flux-system", name: "apps-a"))
        #expect(ChartArtifactWatcher.source(of: byTemplate, kind: "OCIRepository") == nil)
    }

    @Test func aDependencyBecomingReadyQueuesItsDependents() throws {
        func release(_ name: String, ready: String?, digest: String = "sha256:1", dependsOn: String = "") throws -> KubeObject {
            let conditions = ready.map { #","status":{"conditions":[{"type":"Ready","status":"\#($0)"}],"history":[{"digest":"\#(digest)"}]}"# } ?? ""
            let spec = dependsOn.isEmpty ? "{}" : #"{"dependsOn":[{"name":"\#(dependsOn)"}]}"#
            return try Self.object(#"{"apiVersion":"helm.toolkit.fluxcd.io/v2","kind":"HelmRelease","metadata":{"name":"\#(name)","namespace":"apps"},"spec":\#(spec)\#(conditions)}"#)
        }
        let reconciler = HelmReleaseReconcilerFixture.reconciler
        let frontend = try release("frontend", ready: nil, dependsOn: "backend")
        let other = try release("other", ready: nil)
        let all = [frontend, other]
        let expected = [ObjectKey(namespace: "apps", name: "frontend")]
        #expect(reconciler.dependents(of: try release("backend", ready: "True"), previous: try release("backend", ready: "False"), among: all) == expected)
        #expect(reconciler.dependents(of: try release("backend", ready: "True"), previous: try release("backend", ready: "True"), among: all).isEmpty)
        #expect(reconciler.dependents(of: try release("backend", ready: "True", digest: "sha256:2"), previous: try release("backend", ready: "True"), among: all) == expected)
        #expect(reconciler.dependents(of: try release("backend", ready: "False"), previous: nil, among: all).isEmpty)
    }
}

/// A reconciler for the pure parts (its client points nowhere and is never used).
enum HelmReleaseReconcilerFixture {
    static let reconciler: HelmReleaseReconciler = {
        // swiftlint:disable:next force_try
        let client = try! KubernetesClient(configuration: ClientConfiguration(server: "https://127.0.0.1:9"))
        return HelmReleaseReconciler(client: client)
    }()
}

/// A test fixture that is not a JSON object.
struct LocalJSONError: Error {}
