import SluiceCore
import SluiceMerge

/// Strategic merge and JSON 6902 patches as kustomize applies them (`patches`, `patchesStrategicMerge`, `patchesJson6902`).
struct PatchTransformer {
    /// Where patch metadata (merge keys and strategies) comes from.
    var schema: MergeSchema

    struct Options {
        var allowNameChange = false
        var allowKindChange = false
    }

    /// Applies a strategic merge patch to the objects `target` selects, or without a target to the object the patch names.
    mutating func applyStrategicMerge(_ patch: JSONValue, target: PatchTarget?, options: Options, to resources: inout [Resource], source: String) throws(KustomizeError) {
        guard let patchObject = patch.objectValue else { throw KustomizeError("a strategic merge patch must be a mapping", file: source) }
        if let target {
            for index in resources.indices where target.selects(resources[index]) {
                var copy = patchObject
                var metadata = copy["metadata"]?.objectValue ?? JSONObject()
                if !options.allowNameChange || metadata["name"] == nil { metadata["name"] = .string(resources[index].name) }
                let namespace = resources[index].namespace
                metadata["namespace"] = namespace.isEmpty ? nil : .string(namespace)
                copy["metadata"] = .object(metadata)
                if !options.allowKindChange || copy["kind"] == nil {
                    copy["apiVersion"] = .string(resources[index].apiVersion)
                    copy["kind"] = .string(resources[index].kind)
                }
                try apply(copy, options: options, to: &resources[index], source: source)
            }
            resources.removeAll { $0.object.isEmpty }
            return
        }
        let patchId = ResId(gvk: GroupVersionKind(apiVersion: patchObject["apiVersion"]?.stringValue ?? "", kind: patchObject["kind"]?.stringValue ?? ""),
                            name: patchObject["metadata"]?["name"]?.stringValue ?? "",
                            namespace: patchObject["metadata"]?["namespace"]?.stringValue ?? "")
        let matches = resources.indices.filter { resources[$0].matchesAnyId(patchId) }
        guard let index = matches.first else {
            throw KustomizeError("no matches for Id \(patchId.display); failed to find unique target for patch \(patchId.display)", file: source)
        }
        guard matches.count == 1 else {
            throw KustomizeError("multiple matches for Id \(patchId.display); failed to find unique target for patch \(patchId.display)", file: source)
        }
        try apply(patchObject, options: options, to: &resources[index], source: source)
        if resources[index].object.isEmpty { resources.remove(at: index) }
    }

    /// kustomize's `Resource.ApplySmPatch`: name and namespace survive the patch unless a change is allowed.
    private func apply(_ patch: JSONObject, options: Options, to resource: inout Resource, source: String) throws(KustomizeError) {
        let name = resource.name, namespace = resource.namespace, kind = resource.kind
        if options.allowNameChange || options.allowKindChange { resource.storePreviousId() }
        if patch["$patch"]?.stringValue == "delete" {
            resource.object = JSONObject()
            return
        }
        let patchValue = JSONValue.object(patch)
        let result: JSONValue?
        do {
            result = try KustomizeStrategicMerge(schema: schema).apply(patchValue, to: resource.value, gvk: resource.gvk)
        } catch {
            throw KustomizeError("applying strategic merge patch to \(resource.currentId.display): \(error.message)", file: source)
        }
        guard let object = result?.objectValue else {
            resource.object = JSONObject()
            return
        }
        resource.object = object
        if !options.allowKindChange { resource.kind = kind }
        if !options.allowNameChange { resource.name = name }
        resource.namespace = namespace
    }

    /// Applies JSON 6902 operations to every object `target` selects.
    mutating func applyJSON(_ operations: JSONValue, target: PatchTarget, to resources: inout [Resource], source: String) throws(KustomizeError) {
        for index in resources.indices where target.selects(resources[index]) {
            resources[index].storePreviousId()
            do {
                let patched = try JSONPatch.apply(operations, to: resources[index].value)
                guard let object = patched.objectValue else {
                    throw KustomizeError("a JSON patch turned \(resources[index].currentId.display) into a \(patched.typeName)", file: source)
                }
                resources[index].object = object
            } catch let error as PatchError {
                throw KustomizeError("applying JSON patch to \(resources[index].currentId.display): \(error.message)", file: source)
            } catch let error as KustomizeError {
                throw error
            } catch {
                throw KustomizeError("\(error)", file: source)
            }
        }
    }
}
