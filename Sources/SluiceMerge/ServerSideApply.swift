import SluiceCore

/// Server-side apply and field ownership, as kube-apiserver's field manager (structured-merge-diff) does them.
///
/// Ownership lives in `metadata.managedFields` in the FieldsV1 format. Apply
/// merges the configuration into the live object by the kind's list and map
/// types, refuses to change fields other managers own (unless forced), and
/// removes fields the applier stopped applying that nobody else owns. Every
/// other write records what it changed with ``recordUpdate(old:new:manager:gvk:schema:now:)``.
public enum ServerSideApply {
    /// Fields never owned by anyone (the server's strip set): type meta and server-managed metadata.
    static let stripped = FieldSet(paths: [
        [.field("apiVersion")], [.field("kind")], [.field("metadata")],
        [.field("metadata"), .field("name")], [.field("metadata"), .field("namespace")],
        [.field("metadata"), .field("creationTimestamp")], [.field("metadata"), .field("selfLink")],
        [.field("metadata"), .field("uid")], [.field("metadata"), .field("clusterName")],
        [.field("metadata"), .field("generation")], [.field("metadata"), .field("managedFields")],
        [.field("metadata"), .field("resourceVersion")],
    ])
    /// Fields reset on writes to the main resource: status belongs to the status subresource.
    static let ignored = FieldSet(paths: [[.field("status")]])

    /// The manager kube-apiserver credits with everything an object held before its first apply.
    static let beforeFirstApply = "before-first-apply"

    /// Server-side apply of `configuration` by `manager` onto `live` (nil when the object does not exist yet).
    /// Returns the new object with `metadata.managedFields` updated (FieldsV1 format; operation "Apply"; `time` = now; apiVersion; fieldsType "FieldsV1").
    /// Fields owned by another manager with a different value → ApplyError.conflicts unless `force` (then ownership moves to `manager`).
    /// Fields this manager applied before but no longer applies, and that no other manager owns, are REMOVED from the object.
    ///
    /// - Parameters:
    ///   - configuration: The applied configuration (with `apiVersion`, `kind` and `metadata.name`).
    ///   - live: The stored object, or `nil` to create it.
    ///   - manager: The field manager, such as `kubectl` or `kustomize-controller`.
    ///   - force: Whether to take fields other managers own instead of failing.
    ///   - gvk: The object's kind.
    ///   - schema: List and map types; unknown kinds have atomic lists.
    ///   - now: The RFC 3339 time to stamp on the entry when the object changes.
    /// - Throws: ``ApplyError/conflicts(_:)`` or ``ApplyError/invalid(_:)``.
    public static func apply(configuration: JSONValue, to live: JSONValue?, manager: String, force: Bool, gvk: GroupVersionKind, schema: MergeSchema = .builtIn, now: String) throws(ApplyError) -> JSONValue {
        guard case .object(var config) = configuration else {
            throw ApplyError.invalid("an apply configuration must be an object, found \(configuration.typeName)")
        }
        if let metadata = config["metadata"], metadata.objectValue == nil {
            throw ApplyError.invalid(".metadata: expected map, got \(metadata.typeName)")
        }
        if config["metadata"]?["managedFields"] != nil {
            throw ApplyError.invalid("metadata.managedFields must be nil")
        }
        guard config["apiVersion"]?.stringValue == gvk.apiVersion, config["kind"]?.stringValue == gvk.kind else {
            throw ApplyError.invalid("the configuration's apiVersion and kind must be \(gvk.apiVersion) \(gvk.kind), found \(config["apiVersion"]?.stringValue ?? "none") \(config["kind"]?.stringValue ?? "none")")
        }
        config["status"] = nil
        let walker = StructuredWalker(schema: schema)
        let root = schema.root(gvk)
        let configValue = JSONValue.object(config)
        let appliedFields = try walker.fieldSet(configValue, field: root, validate: true)
            .recursiveDifference(ignored).difference(stripped)

        var managed = ManagedFields(json: live?["metadata"]?["managedFields"])
        let liveValue = live.map(withoutManagedFields) ?? .object(JSONObject())
        if live != nil && managed.isEmpty {
            // The server credits what was there before the first apply to one updater, so it can conflict.
            managed = record(old: .object(JSONObject()), new: liveValue, managed: managed, manager: beforeFirstApply,
                             apiVersion: gvk.apiVersion, walker: walker, root: root, now: now, creating: true)
        }

        let identity = ManagedFieldsEntry.Identity(manager: manager, operation: "Apply", apiVersion: "", subresource: "")
        let previous = managed[identity]
        let lastApplied = previous?.fields ?? FieldSet()
        managed[identity] = ManagedFieldsEntry(manager: manager, operation: "Apply", apiVersion: gvk.apiVersion,
                                               time: previous?.time, fields: appliedFields)

        let merged = walker.merge(liveValue, configValue, field: root) ?? configValue
        var result = merged
        if !lastApplied.isEmpty {
            // Remove what this manager applied last time and dropped now, unless anyone (itself included) still owns it.
            let owned = walker.ensuringNamedFieldsAreMembers(managed.allFields, field: root)
            let pruned = walker.removing(walker.ensuringNamedFieldsAreMembers(lastApplied, field: root).difference(owned),
                                         from: merged, field: root)
            let mergedFields = (try? walker.fieldSet(merged, field: root, validate: false)) ?? FieldSet()
            let prunedFields = (try? walker.fieldSet(pruned, field: root, validate: false)) ?? FieldSet()
            result = walker.removing(mergedFields.difference(prunedFields).intersection(lastApplied), from: merged, field: root)
        }

        let comparison = walker.compare(liveValue, result, field: root).excluding(ignored)
        let changed = comparison.modified.union(comparison.added)
        var conflicts: [ApplyConflict] = []
        for entry in managed.entries where entry.identity != identity {
            let overlap = entry.fields.intersection(changed)
            for path in overlap.paths {
                // The API version only shows (and so only counts) for updaters, as in the server's message.
                conflicts.append(ApplyConflict(manager: entry.manager, field: path.pathString, operation: entry.operation,
                                               apiVersion: entry.operation == "Update" ? entry.apiVersion : ""))
            }
        }
        if !force && !conflicts.isEmpty { throw ApplyError.conflicts(conflicts) }
        managed.updateOthers(except: identity) { fields in
            fields = fields.difference(changed).difference(comparison.removed)
        }

        if live != nil && comparison.isSame {
            // Nothing changed: the object stays as it was and the entry keeps its time.
            if managed[identity]?.time == nil { managed[identity]?.time = now }
            return managed.writing(into: liveValue)
        }
        managed[identity]?.time = now
        if managed[identity]?.fields.isEmpty == true { managed[identity] = nil }
        managed.capUpdaters()
        return managed.writing(into: result)
    }

    /// Records ownership for a non-apply write (create/update/any patch) by `manager` (operation "Update"): fields whose values changed or were added are taken from other managers' sets and given to `manager`.
    ///
    /// - Parameters:
    ///   - old: The object before the write, or `nil` for a create.
    ///   - new: The object as written; its `metadata.managedFields`, when present, are the ones kept.
    ///   - manager: The field manager of the write.
    ///   - gvk: The object's kind.
    ///   - schema: List and map types.
    ///   - now: The RFC 3339 time stamped on the manager's entry when it took fields.
    /// - Returns: `new` with `metadata.managedFields` updated.
    public static func recordUpdate(old: JSONValue?, new: JSONValue, manager: String, gvk: GroupVersionKind, schema: MergeSchema = .builtIn, now: String) -> JSONValue {
        let walker = StructuredWalker(schema: schema)
        // Managed fields sent with the write win; a client that does not know them keeps the stored ones.
        var managed = ManagedFields(json: new["metadata"]?["managedFields"])
        if managed.isEmpty { managed = ManagedFields(json: old?["metadata"]?["managedFields"]) }
        let oldValue = old.map(withoutManagedFields) ?? .object(JSONObject())
        let newValue = withoutManagedFields(new)
        managed = record(old: oldValue, new: newValue, managed: managed, manager: manager, apiVersion: gvk.apiVersion,
                         walker: walker, root: schema.root(gvk), now: now, creating: old == nil)
        managed.capUpdaters()
        // Written into `new` itself so the entries keep their place among the metadata.
        return managed.writing(into: new)
    }

    /// The update bookkeeping: changed fields move to `manager`, removed fields leave everyone.
    private static func record(old: JSONValue, new: JSONValue, managed: ManagedFields, manager: String, apiVersion: String,
                               walker: StructuredWalker, root: SchemaField?, now: String, creating: Bool) -> ManagedFields {
        var managed = managed
        var comparison = walker.compare(old, new, field: root).excluding(ignored)
        if creating {
            // kube compares a create with the kind's Go zero value, where non-pointer structs already
            // exist; dropping filled struct nodes approximates that (no "." for metadata, spec, template).
            comparison.added = droppingFilledStructs(comparison.added, value: new, field: root, walker: walker)
        }
        let changed = comparison.modified.union(comparison.added)
        let identity = ManagedFieldsEntry.Identity(manager: manager, operation: "Update", apiVersion: apiVersion, subresource: "")
        managed.updateOthers(except: nil) { fields in
            fields = fields.difference(changed).difference(comparison.removed)
        }
        let taken = changed.difference(stripped)
        guard !taken.isEmpty else { return managed }
        let previous = managed[identity]?.fields ?? FieldSet()
        managed[identity] = ManagedFieldsEntry(manager: manager, operation: "Update", apiVersion: apiVersion,
                                               time: now, fields: previous.union(taken))
        return managed
    }

    private static func droppingFilledStructs(_ set: FieldSet, value: JSONValue?, field: SchemaField?, walker: StructuredWalker) -> FieldSet {
        var result = set
        for (element, child) in set.children {
            var childValue: JSONValue?
            var childField: SchemaField?
            switch element {
            case .field(let name):
                childValue = value?[name]
                childField = walker.schema.child(of: field, name)
            default:
                childField = walker.schema.element(of: field)
                if let list = value?.arrayValue, walker.shape(of: field, value: value) != .atomic {
                    let shape = walker.shape(of: field, value: value)
                    childValue = list.first { (try? walker.element($0, shape: shape, field: field, path: [])) == element }
                }
            }
            if case .field = element, walker.shape(of: childField, value: childValue) == .structure,
               childValue?.objectValue?.isEmpty == false {
                result.members.remove(element)
            }
            result.children[element] = droppingFilledStructs(child, value: childValue, field: childField, walker: walker)
        }
        return result
    }

    private static func withoutManagedFields(_ object: JSONValue) -> JSONValue {
        guard var metadata = object["metadata"]?.objectValue, metadata.contains("managedFields") else { return object }
        metadata["managedFields"] = nil
        var object = object
        object["metadata"] = .object(metadata)
        return object
    }
}
