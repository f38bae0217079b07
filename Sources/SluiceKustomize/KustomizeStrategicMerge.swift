import SluiceCore
import SluiceMerge

/// Strategic merge as kustomize applies it (kyaml `merge2` with `ListIncreaseDirection: prepend`), not as the API server does.
///
/// Maps merge recursively and `null` deletes; lists the Kubernetes schema marks `patchStrategy: merge` merge by their
/// merge key(s) as kyaml's associative-list walk does (see `KustomizeStrategicMerge+ListMapKeys.swift`); all other
/// lists, and every list of kinds the schema does not know (custom resources), are replaced by the patch's list
/// verbatim. `$patch: delete` removes a map or list element, `$patch: replace` replaces a map or list element, and a
/// lone `- $patch: replace|delete|merge` element speaks for a merged list; kyaml knows no other directive, so
/// `$retainKeys` and the like merge as plain fields.
struct KustomizeStrategicMerge {
    let schema: MergeSchema

    /// The merged object, or `nil` when the patch deletes it.
    func apply(_ patch: JSONValue, to object: JSONValue, gvk: GroupVersionKind) throws(KustomizeError) -> JSONValue? {
        try merge(object, patch, field: schema.root(gvk), path: "")
    }

    /// kyaml honours `$patch` only; `$retainKeys`, `$setElementOrder/…` and `$deleteFromPrimitiveList/…` are
    /// merged as ordinary fields (and so appear in kustomize's output), which this engine reproduces.
    private static func isDirective(_ key: String) -> Bool { key == "$patch" }

    func merge(_ destination: JSONValue?, _ source: JSONValue, field: SchemaField?, path: String) throws(KustomizeError) -> JSONValue? {
        switch source {
        case .object(let patch):
            switch patch["$patch"]?.stringValue {
            case "delete"?:
                return nil
            case "replace"?:
                var replaced = patch
                for key in replaced.keys where Self.isDirective(key) { replaced[key] = nil }
                return .object(replaced)
            case nil, "merge"?:
                break
            case let other?:
                throw KustomizeError("\(path.isEmpty ? "." : path): unknown patch directive '$patch: \(other)'")
            }
            var result = destination?.objectValue ?? JSONObject()
            for (key, value) in patch where !Self.isDirective(key) {
                if value.isNull {
                    result[key] = nil
                    continue
                }
                let childPath = path + "." + key
                if let merged = try merge(result[key], value, field: schema.child(of: field, key), path: childPath) {
                    result[key] = merged
                } else {
                    result[key] = nil
                }
            }
            return .object(result)
        case .array(var patchItems):
            let resolved = schema.resolve(field)
            let mergeKey = resolved?.mergeKey
            let merges = resolved?.strategies.contains("merge") ?? false
            // kyaml's list directive: the first element holding `$patch`, when that is its only key, speaks for the
            // list (`- $patch: replace|delete|merge`); every element with the same directive is then dropped.
            if merges, let index = patchItems.firstIndex(where: { $0["$patch"] != nil }), patchItems[index].objectValue?.count == 1 {
                let directive = patchItems[index]["$patch"]?.stringValue ?? ""
                patchItems.removeAll { $0["$patch"]?.stringValue == directive }
                switch directive {
                case "delete":
                    return nil
                case "replace":
                    var replaced: [JSONValue] = []
                    for item in patchItems {
                        if let merged = try merge(nil, item, field: schema.element(of: field), path: path) { replaced.append(merged) }
                    }
                    return .array(replaced)
                case "merge":
                    break
                default:
                    throw KustomizeError("\(path.isEmpty ? "." : path): unknown patch directive '$patch: \(directive)'")
                }
            }
            if merges, let keys = resolved?.listMapKeys, keys.count > 1, patchItems.allSatisfy({ $0.objectValue != nil }) {
                return .array(try mergeListByKeys(destination?.arrayValue, patchItems, keys: keys,
                                                  element: schema.element(of: field), path: path))
            }
            if merges, let mergeKey, patchItems.allSatisfy({ $0.objectValue != nil }) {
                return .array(try mergeListByKeys(destination?.arrayValue, patchItems, keys: [mergeKey],
                                                  element: schema.element(of: field), path: path))
            }
            if merges, mergeKey == nil, patchItems.allSatisfy({ $0.objectValue == nil }) {
                // A set of scalars (such as finalizers): union, keeping the object's order.
                var items = destination?.arrayValue ?? []
                var fresh: [JSONValue] = []
                for item in patchItems where !items.contains(item) && !fresh.contains(item) { fresh.append(item) }
                items = fresh + items
                return .array(items)
            }
            // Any other list is the patch's, verbatim: kyaml does not walk into it (nulls and `$patch` keys stay).
            return .array(patchItems)
        default:
            return source
        }
    }
}
