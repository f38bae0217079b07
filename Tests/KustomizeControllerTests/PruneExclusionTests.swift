import Foundation
import SluiceAPI
import SluiceCore
import SluiceKube
import SluiceRuntime
import SluiceTestSupport
import Testing
@testable import KustomizeController
import SluiceApply

/// Prune and deletion policies keep what Flux keeps: an object marked `kustomize.toolkit.fluxcd.io/prune: disabled`,
/// `kustomize.toolkit.fluxcd.io/reconcile: disabled` or `kustomize.toolkit.fluxcd.io/ssa: ignore` in the cluster, as
/// a label or an annotation, in any case (fluxcd/pkg `ssa/utils.AnyInMetadata`), against real `sluice cluster serve`.
@Suite(.serialized, .enabled(if: BuiltExecutables.isBuilt("sluice") && BuiltExecutables.kubectl != nil, "needs the built `sluice` and kubectl"))
struct PruneExclusionTests {
    /// Each marker form, as the `kubectl` verb and argument that puts it on a live ConfigMap.
    static let markers: [(name: String, verb: String, marker: String)] = [
        ("prune-annotation", "annotate", "kustomize.toolkit.fluxcd.io/prune=disabled"),
        ("prune-label", "label", "kustomize.toolkit.fluxcd.io/prune=disabled"),
        ("prune-case", "annotate", "kustomize.toolkit.fluxcd.io/prune=Disabled"),
        ("reconcile-label", "label", "kustomize.toolkit.fluxcd.io/reconcile=DISABLED"),
        ("reconcile-annotation", "annotate", "kustomize.toolkit.fluxcd.io/reconcile=disabled"),
        ("ssa-annotation", "annotate", "kustomize.toolkit.fluxcd.io/ssa=Ignore"),
        ("ssa-label", "label", "kustomize.toolkit.fluxcd.io/ssa=ignore"),
    ]

    /// Applies one ConfigMap per marker and an unmarked one, marks the live objects, and returns the bed and controller.
    func start(extra: String = "") async throws -> (KustomizeTestBed, Controller<KustomizationReconciler>) {
        let bed = try await KustomizeTestBed.start()
        var files = ["deploy/plain.yaml": Manifests.configMap("plain")]
        for marker in Self.markers { files["deploy/\(marker.name).yaml"] = Manifests.configMap(marker.name) }
        try await bed.publish(files)
        try await bed.applyKustomization("apps", extra: extra)
        let controller = bed.controller()
        let first = await controller.reconcile(ObjectKey(namespace: "default", name: "apps"))
        #expect(first.isReady, "\(first.report)")
        for marker in Self.markers {
            try await bed.kubectl([marker.verb, "configmap", marker.name, marker.marker])
        }
        return (bed, controller)
    }

    @Test func pruneKeepsEveryMarkedObject() async throws {
        let (bed, controller) = try await start()
        defer { bed.stop() }
        // Everything leaves Git but one unrelated ConfigMap, so that the build is not empty.
        try await bed.publish(["deploy/other.yaml": Manifests.configMap("other")],
                              removing: ["deploy/plain.yaml"] + Self.markers.map { "deploy/\($0.name).yaml" })
        let pruned = await controller.reconcile(ObjectKey(namespace: "default", name: "apps"))
        #expect(pruned.isReady, "\(pruned.report)")
        #expect(try await bed.object("v1", "ConfigMap", "plain") == nil)
        for marker in Self.markers {
            #expect(try await bed.object("v1", "ConfigMap", marker.name) != nil, "\(marker.verb) \(marker.marker) did not keep the object")
        }
        let deleted = try bed.events(for: "apps").map(\.message).filter { $0.contains("deleted") }
        #expect(deleted == ["ConfigMap/default/plain deleted"])
    }

    @Test func deletionPolicyKeepsEveryMarkedObject() async throws {
        let (bed, controller) = try await start(extra: "  deletionPolicy: Delete")
        defer { bed.stop() }
        try await bed.kubectl(["delete", "kustomization", "apps", "--wait=false"])
        #expect(await controller.reconcile(ObjectKey(namespace: "default", name: "apps")) == .finalized)
        #expect(try await bed.object("v1", "ConfigMap", "plain") == nil)
        for marker in Self.markers {
            #expect(try await bed.object("v1", "ConfigMap", marker.name) != nil, "\(marker.verb) \(marker.marker) did not keep the object")
        }
    }

    @Test func metadataSelectorMatchesAsFluxDoes() {
        func object(labels: [String: String] = [:], annotations: [String: String] = [:]) -> KubeObject {
            var object = KubeObject(apiVersion: "v1", kind: "ConfigMap", name: "x", namespace: "default")
            object.labels = labels
            object.annotations = annotations
            return object
        }
        let prune = MetadataSelector.pruneExclusions
        #expect(prune.matchesAny(object(annotations: ["kustomize.toolkit.fluxcd.io/prune": "DiSaBlEd"])))
        #expect(prune.matchesAny(object(labels: ["kustomize.toolkit.fluxcd.io/ssa": "IGNORE"])))
        #expect(!prune.matchesAny(object(annotations: ["kustomize.toolkit.fluxcd.io/prune": "enabled"])))
        #expect(!prune.matchesAny(object(annotations: ["kustomize.toolkit.fluxcd.io/prune": ""])))
        #expect(!prune.matchesAny(object(annotations: ["Kustomize.toolkit.fluxcd.io/prune": "disabled"])), "keys match exactly")
        #expect(!prune.matchesAny(object(annotations: ["kustomize.toolkit.fluxcd.io/ssa": "IfNotPresent"])))
        // Apply skips a marker on the live object too, as Flux's shouldSkipApply does.
        #expect(MetadataSelector.applyExclusions.matchesAny(object(), object(labels: ["kustomize.toolkit.fluxcd.io/reconcile": "Disabled"])))
        #expect(!MetadataSelector.applyExclusions.matchesAny(object(), nil))
    }
}
