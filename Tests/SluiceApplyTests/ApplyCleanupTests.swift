import SluiceApply
import SluiceCore
import Testing

/// Flux's apply cleanup (fluxcd/pkg `ssa.PatchReplaceFieldsManagers`, `PatchRemoveAnnotations`) as JSON patch operations.
struct ApplyCleanupTests {
    static func entry(_ manager: String, _ operation: String, _ fields: JSONValue, subresource: String? = nil) -> JSONValue {
        var entry: JSONValue = ["manager": .string(manager), "operation": .string(operation), "apiVersion": "v1",
                                "fieldsType": "FieldsV1", "fieldsV1": fields]
        if let subresource { entry["subresource"] = .string(subresource) }
        return entry
    }

    static func object(_ entries: [JSONValue], annotations: [String: String] = [:]) -> KubeObject {
        var object = KubeObject(apiVersion: "v1", kind: "ConfigMap", name: "c", namespace: "default")
        object.annotations = annotations
        object[path: ["metadata", "managedFields"]] = .array(entries)
        return object
    }

    @Test func kubectlFieldsAreMergedIntoTheControllersApplyEntry() {
        let cleanup = ApplyCleanup.kustomizeController("kustomize-controller")
        let own = Self.entry("kustomize-controller", "Apply", ["f:data": ["f:k": [:]]])
        let patch = Self.entry("kubectl-patch", "Update", ["f:data": ["f:extra": [:]]])
        let status = Self.entry("kubectl-edit", "Update", ["f:status": [:]], subresource: "status")
        let other = Self.entry("hpa-controller", "Update", ["f:spec": [:]])
        let live = Self.object([own, patch, status, other], annotations: ["kubectl.kubernetes.io/last-applied-configuration": "{}"])
        let operations = cleanup.operations(for: live, fieldManager: "kustomize-controller")
        #expect(operations.first == ["op": "remove", "path": "/metadata/annotations/kubectl.kubernetes.io~1last-applied-configuration"])
        let merged = Self.entry("kustomize-controller", "Apply", ["f:data": ["f:k": [:], "f:extra": [:]]])
        #expect(operations.last == ["op": "replace", "path": "/metadata/managedFields", "value": [status, other, merged]])
    }

    @Test func theFirstMatchBecomesTheApplyEntryAndNothingMatchingIsNothingToDo() {
        let cleanup = ApplyCleanup.kustomizeController("kustomize-controller")
        let before = Self.entry("before-first-apply", "Update", ["f:data": ["f:a": [:]]])
        let kubectl = Self.entry("kubectl", "Apply", ["f:data": ["f:b": [:]]])
        let operations = cleanup.operations(for: Self.object([before, kubectl]), fieldManager: "kustomize-controller")
        let merged = Self.entry("kustomize-controller", "Apply", ["f:data": ["f:a": [:], "f:b": [:]]])
        #expect(operations == [["op": "replace", "path": "/metadata/managedFields", "value": [merged]]])
        // kubectl's Update prefix does not take an Apply by another tool, nor anything of another manager.
        let helm = Self.entry("helm", "Update", ["f:data": [:]])
        #expect(cleanup.operations(for: Self.object([helm]), fieldManager: "kustomize-controller").isEmpty)
    }

    @Test func mergeMarksAreTheExclusions() {
        var marked = KubeObject(apiVersion: "v1", kind: "ConfigMap", name: "c", namespace: "default")
        marked.annotations = ["kustomize.toolkit.fluxcd.io/ssa": "merge"]
        #expect(ApplyCleanup.exclusions.matchesAny(marked))
        marked.annotations = ["kustomize.toolkit.fluxcd.io/ssa": "Override"]
        #expect(!ApplyCleanup.exclusions.matchesAny(marked))
    }
}
