import Foundation
import SluiceCore
import SluiceSchema
import SluiceTestSupport
import Testing

@Suite struct BuiltInKindsTests {
    @Test func tableHasEveryKindTheRepositoriesUse() throws {
        let hpa = try #require(BuiltInKinds.kind(GroupVersionKind(group: "autoscaling", version: "v2", kind: "HorizontalPodAutoscaler")))
        #expect(hpa.plural == "horizontalpodautoscalers" && hpa.namespaced && hpa.shortNames == ["hpa"] && hpa.preferred)
        #expect(hpa.subresources == ["status"])
        #expect(BuiltInKinds.preferred(group: "autoscaling", kind: "HorizontalPodAutoscaler")?.version == "v2")
        let v1 = try #require(BuiltInKinds.kind(GroupVersionKind(group: "autoscaling", version: "v1", kind: "HorizontalPodAutoscaler")))
        #expect(!v1.preferred)
        let deployment = try #require(BuiltInKinds.resource(group: "apps", version: "v1", plural: "deployments"))
        #expect(deployment.kind == "Deployment" && deployment.shortNames == ["deploy"] && deployment.categories == ["all"])
        #expect(deployment.subresources == ["scale", "status"] && deployment.definition == "io.k8s.api.apps.v1.Deployment")
        let namespace = try #require(BuiltInKinds.kind(GroupVersionKind(group: "", version: "v1", kind: "Namespace")))
        #expect(!namespace.namespaced && namespace.plural == "namespaces" && namespace.shortNames == ["ns"])
        #expect(BuiltInKinds.kind(GroupVersionKind(group: "", version: "v1", kind: "Endpoints"))?.plural == "endpoints")
        for kind in ["Binding", "Status", "DeleteOptions", "WatchEvent", "PodList"] {
            #expect(BuiltInKinds.kind(GroupVersionKind(group: "", version: "v1", kind: kind)) == nil, "\(kind)")
        }
        for (group, version, kind) in [("batch", "v1", "CronJob"), ("networking.k8s.io", "v1", "Ingress"),
                                       ("policy", "v1", "PodDisruptionBudget"), ("rbac.authorization.k8s.io", "v1", "ClusterRole"),
                                       ("apiextensions.k8s.io", "v1", "CustomResourceDefinition"), ("", "v1", "Secret")]
        {
            #expect(BuiltInKinds.kind(GroupVersionKind(group: group, version: version, kind: kind))?.preferred == true, "\(kind)")
        }
    }

    @Test func everyEntryHasADefinitionAndOnePreferredVersion() throws {
        let catalog = try SchemaCatalog.builtIn()
        var preferred: [String: Int] = [:]
        for kind in BuiltInKinds.all {
            #expect(catalog.definitions[kind.definition] != nil, "\(kind.gvk)")
            #expect(catalog.schema(for: kind.gvk) != nil, "\(kind.gvk)")
            if kind.preferred { preferred["\(kind.group)/\(kind.kind)", default: 0] += 1 }
        }
        #expect(Set(BuiltInKinds.all.map { "\($0.group)/\($0.kind)" }).count == preferred.count)
        #expect(preferred.values.allSatisfy { $0 == 1 })
        #expect(Set(BuiltInKinds.all.map(\.gvk)).count == BuiltInKinds.all.count)
    }

    /// The committed table and resource are what the generator writes from ../shared/schemas.
    @Test func generatedFilesAreCurrent() async throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let shared = root.deletingLastPathComponent().appendingPathComponent("shared/schemas")
        guard FileManager.default.fileExists(atPath: shared.appendingPathComponent("kubernetes-v1.32.0-definitions.json.gz").path) else {
            print("skipped: \(shared.path) is absent, so the generated tables cannot be checked against their sources")
            return
        }
        let result = try await Shell.execute("python3", [root.appendingPathComponent("scripts/generate-kubernetes-tables.py").path, "--check"])
        #expect(result.status == 0, "\(result.stderr)")
    }
}
