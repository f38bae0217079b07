import SluiceCore

/// Strategic merge patches, as kube-apiserver and kubectl apply them (apimachinery `strategicpatch`).
///
/// Maps merge recursively and `null` deletes; lists whose field says
/// `patchStrategy: merge` merge by their `patchMergeKey` (or, for scalars, are
/// unioned); other lists are replaced. Directives: `$patch` (`replace`,
/// `delete`) in maps and list elements, `$retainKeys`,
/// `$setElementOrder/<list>` and `$deleteFromPrimitiveList/<list>`.
public enum StrategicMergePatch {
    /// Applies a strategic merge patch as kube-apiserver / kubectl do.
    ///
    /// - Parameters:
    ///   - patch: The patch, a JSON object.
    ///   - original: The object to patch.
    ///   - gvk: The object's kind, which chooses the patch metadata.
    ///   - schema: Where patch metadata comes from; kinds it does not know have lists replaced.
    /// - Returns: The patched object.
    /// - Throws: ``PatchError`` naming the path and the cause.
    public static func apply(_ patch: JSONValue, to original: JSONValue, gvk: GroupVersionKind, schema: MergeSchema = .builtIn) throws(PatchError) -> JSONValue {
        guard case .object(let patchObject) = patch else {
            throw PatchError("a strategic merge patch must be a JSON object, found \(patch.typeName)")
        }
        let originalObject: JSONObject
        switch original {
        case .object(let object): originalObject = object
        case .null: originalObject = JSONObject()
        default: throw PatchError("cannot apply a strategic merge patch to a \(original.typeName)")
        }
        let merger = StrategicMerger(schema: schema)
        return .object(try merger.mergeMap(originalObject, patchObject, field: schema.root(gvk), path: ""))
    }
}
