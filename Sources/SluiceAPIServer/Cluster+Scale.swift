import SluiceCore
import SluiceMerge

extension Cluster {
    /// The `autoscaling/v1` `Scale` of an object whose kind has a `scale` subresource.
    func scale(_ type: ResourceType, namespace: String?, name: String) throws(APIError) -> JSONValue {
        guard let subresource = type.scale else { throw .methodNotAllowed() }
        return subresource.scale(of: try get(type, namespace: type.namespaced ? namespace : nil, name: name))
    }

    /// Sets the parent's desired replicas from `body`, a `Scale` (PUT); answers with the resulting `Scale`.
    func updateScale(_ type: ResourceType, namespace: String?, name: String, body: JSONValue,
                     options: WriteOptions) throws(APIError) -> JSONValue
    {
        guard let subresource = type.scale else { throw .methodNotAllowed() }
        let key = ObjectRef.key(namespace: type.namespaced ? namespace : nil, name: name)
        guard let old = objects[type.key]?[key] else { throw .notFound(type.plural, group: type.group, name: name) }
        return try writeScale(type, subresource, key: key, old: old, name: name, scale: body, options: options)
    }

    /// Patches the parent's `Scale` with `patch` and sets the parent's desired replicas from the result (PATCH).
    func patchScale(_ type: ResourceType, namespace: String?, name: String, patchType: PatchType, patch: JSONValue,
                    options: WriteOptions) throws(APIError) -> JSONValue
    {
        guard let subresource = type.scale else { throw .methodNotAllowed() }
        let key = ObjectRef.key(namespace: type.namespaced ? namespace : nil, name: name)
        guard let old = objects[type.key]?[key] else { throw .notFound(type.plural, group: type.group, name: name) }
        let current = subresource.scale(of: old)
        var patched: JSONValue
        do throws(PatchError) {
            switch patchType {
            case .merge:
                guard patch.objectValue != nil else { throw PatchError("a merge patch must be a JSON object") }
                patched = MergePatch.apply(patch, to: current)
            case .json:
                patched = try JSONPatch.apply(patch, to: current)
            case .strategic:
                // Scale has no lists, so a strategic merge patch is a merge patch plus its directives.
                patched = try StrategicMergePatch.apply(patch, to: current, gvk: Self.scaleKind, schema: mergeSchema)
            case .apply:
                // The applied configuration owns what it names; for a Scale that is at most spec.replicas.
                var configuration = patch
                configuration["apiVersion"] = nil
                configuration["kind"] = nil
                configuration[path: ["metadata", "managedFields"]] = nil
                patched = MergePatch.apply(configuration, to: current)
            }
        } catch {
            throw .invalid(kind: "Scale", group: "autoscaling", name: name,
                           causes: [.init(reason: "FieldValueInvalid", message: error.message, field: "")])
        }
        return try writeScale(type, subresource, key: key, old: old, name: name, scale: patched, options: options)
    }

    /// `autoscaling/v1` `Scale`.
    static let scaleKind = GroupVersionKind(group: "autoscaling", version: "v1", kind: "Scale")

    /// Stores `old` with the desired replicas of `scale`, honouring its name, uid and resourceVersion as preconditions.
    private func writeScale(_ type: ResourceType, _ subresource: ScaleSubresource, key: String, old: JSONValue, name: String,
                            scale: JSONValue, options: WriteOptions) throws(APIError) -> JSONValue
    {
        let replicas = try Self.desiredReplicas(scale, name: name)
        var parent = old
        parent[path: subresource.specReplicasPath] = .int(replicas)
        // prepareUpdate checks these against the stored object, so a stale Scale is a 409 as for the parent itself.
        for field in ["name", "namespace", "uid", "resourceVersion"] {
            if let value = scale[path: ["metadata", field]]?.stringValue, !value.isEmpty {
                parent[path: ["metadata", field]] = .string(value)
            }
        }
        let new = try prepareUpdate(type, old: old, body: parent, name: name, manager: options.fieldManager, status: false)
        let stored = try store(type, key: key, old: old, new: new, options: options, status: false)
        return subresource.scale(of: stored)
    }

    /// `spec.replicas` of a `Scale` body: absent is 0 (as Go decodes it); not an integer is a 400, negative a 422.
    static func desiredReplicas(_ scale: JSONValue, name: String) throws(APIError) -> Int64 {
        guard scale.objectValue != nil else { throw .badRequest("the body of the request must be a JSON object") }
        let kind = scale["kind"]?.stringValue ?? ""
        let apiVersion = scale["apiVersion"]?.stringValue ?? ""
        if !kind.isEmpty && kind != "Scale" || !apiVersion.isEmpty && apiVersion != "autoscaling/v1" {
            throw .badRequest("the API version in the data (\(apiVersion)) does not match the expected API version (autoscaling/v1)"
                              + (kind != "Scale" ? " or the kind (\(kind)) does not match the expected kind (Scale)" : ""))
        }
        guard let value = scale[path: ["spec", "replicas"]], value != .null else { return 0 }
        guard let replicas = value.intValue, replicas <= Int64(Int32.max) else {
            throw .badRequest("Scale in version \"v1\" cannot be handled as a Scale: json: cannot unmarshal "
                              + "\(JSONSerializer().string(value)) into Go struct field ScaleSpec.spec.replicas of type int32")
        }
        guard replicas >= 0 else {
            throw .invalid(kind: "Scale", group: "autoscaling", name: name, causes: [
                .init(reason: "FieldValueInvalid", message: "Invalid value: \(replicas): must be greater than or equal to 0",
                      field: "spec.replicas"),
            ])
        }
        return replicas
    }
}
