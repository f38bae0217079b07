import SluiceCore

extension Cluster {
    /// Namespaces the real server refuses to delete.
    static let protectedNamespaces: Set<String> = ["default", "kube-system", "kube-public"]

    /// Deletes an object, or marks it for deletion while finalizers remain.
    ///
    /// - Returns: the object when it is only marked, `nil` when it is gone.
    func delete(_ type: ResourceType, namespace: String?, name: String, options: DeleteOptions) throws(APIError) -> (object: JSONValue, gone: Bool) {
        let key = ObjectRef.key(namespace: type.namespaced ? namespace : nil, name: name)
        guard let old = objects[type.key]?[key] else { throw .notFound(type.plural, group: type.group, name: name) }
        if type.key == "/namespaces" && Self.protectedNamespaces.contains(name) {
            throw .forbidden("namespaces", name: name, "this namespace may not be deleted")
        }
        let uid = old[path: ["metadata", "uid"]]?.stringValue ?? ""
        if let expected = options.preconditionUID, expected != uid {
            throw .conflict(type.plural, group: type.group, name: name,
                            "Precondition failed: UID in precondition: \(expected), UID in object meta: \(uid)")
        }
        let rv = old[path: ["metadata", "resourceVersion"]]?.stringValue ?? ""
        if let expected = options.preconditionResourceVersion, expected != rv {
            throw .conflict(type.plural, group: type.group, name: name,
                            "Precondition failed: ResourceVersion in precondition: \(expected), ResourceVersion in object meta: \(rv)")
        }
        if options.dryRun { return (old, false) }
        return markOrDelete(type, key: key, old: old, propagation: options.propagation)
    }

    /// Deletes every object matching the selectors in `namespace`; returns what was deleted or marked.
    func deleteCollection(_ type: ResourceType, namespace: String?, labels: LabelSelector, fields: FieldSelector,
                          options: DeleteOptions) throws(APIError) -> [JSONValue]
    {
        let items = try list(type, namespace: namespace, labels: labels, fields: fields, limit: nil, continueToken: nil).items
        if options.dryRun { return items }
        var result: [JSONValue] = []
        for item in items {
            let name = item[path: ["metadata", "name"]]?.stringValue ?? ""
            let ns = item[path: ["metadata", "namespace"]]?.stringValue
            let key = ObjectRef.key(namespace: type.namespaced ? ns : nil, name: name)
            guard let old = objects[type.key]?[key] else { continue }
            result.append(markOrDelete(type, key: key, old: old, propagation: options.propagation).object)
        }
        return result
    }

    func markOrDelete(_ type: ResourceType, key: String, old: JSONValue, propagation: DeleteOptions.Propagation?) -> (object: JSONValue, gone: Bool) {
        let ref = ObjectRef(resource: type.key, key: key)
        var finalizers = old[path: ["metadata", "finalizers"]]?.arrayValue?.compactMap(\.stringValue) ?? []
        let alreadyDeleting = old[path: ["metadata", "deletionTimestamp"]] != nil
        let uid = old[path: ["metadata", "uid"]]?.stringValue ?? ""
        let hasDependents = !(dependents[uid]?.isEmpty ?? true)
        if !alreadyDeleting {
            switch propagation {
            case .foreground where hasDependents: if !finalizers.contains("foregroundDeletion") { finalizers.append("foregroundDeletion") }
            case .orphan where hasDependents: if !finalizers.contains("orphan") { finalizers.append("orphan") }
            default: break
            }
        }
        let isNamespace = type.key == "/namespaces"
        if finalizers.isEmpty && !isNamespace {
            let stored = commit(type, key: key, old: old, new: nil, event: "DELETED")
            settle()
            return (stored, true)
        }
        if alreadyDeleting { return (old, false) }
        var marked = old
        marked[path: ["metadata", "deletionTimestamp"]] = .string(Timestamp.now())
        marked[path: ["metadata", "deletionGracePeriodSeconds"]] = 0
        marked[path: ["metadata", "finalizers"]] = finalizers.isEmpty ? nil : .array(finalizers.map(JSONValue.string))
        if isNamespace { marked[path: ["status", "phase"]] = "Terminating" }
        let stored = commit(type, key: key, old: old, new: marked, event: "MODIFIED")
        deleting.insert(ref)
        settle()
        return (objects[type.key]?[key] ?? stored, objects[type.key]?[key] == nil)
    }

    /// Runs the garbage collector and namespace controller until nothing more changes.
    func settle() {
        var rounds = 0
        while rounds < 1000 {
            rounds += 1
            var progress = false
            // Dependents of owners that are gone.
            while let uid = deletedOwners.popLast() {
                for ref in dependents[uid] ?? [] {
                    guard let object = objects[ref.resource]?[ref.key], object[path: ["metadata", "deletionTimestamp"]] == nil,
                        let type = registry.type(key: ref.resource)
                    else { continue }
                    let owners = object[path: ["metadata", "ownerReferences"]]?.arrayValue?.compactMap { $0["uid"]?.stringValue } ?? []
                    if owners.allSatisfy({ uidIndex[$0] == nil }) {
                        _ = markOrDelete(type, key: ref.key, old: object, propagation: .background)
                        progress = true
                    }
                }
            }
            // Owners waiting for their dependents (foreground), orphaning, and terminating namespaces.
            for ref in deleting {
                guard let object = objects[ref.resource]?[ref.key], let type = registry.type(key: ref.resource) else {
                    deleting.remove(ref)
                    continue
                }
                if settleDeleting(type, ref: ref, object: object) { progress = true }
            }
            if !progress { break }
        }
    }

    /// One step for an object being deleted; returns whether anything changed.
    func settleDeleting(_ type: ResourceType, ref: ObjectRef, object: JSONValue) -> Bool {
        let uid = object[path: ["metadata", "uid"]]?.stringValue ?? ""
        var finalizers = object[path: ["metadata", "finalizers"]]?.arrayValue?.compactMap(\.stringValue) ?? []
        var changed = false
        if finalizers.contains("orphan") {
            for dependent in dependents[uid] ?? [] {
                guard var child = objects[dependent.resource]?[dependent.key], let childType = registry.type(key: dependent.resource) else { continue }
                let old = child
                let refs = child[path: ["metadata", "ownerReferences"]]?.arrayValue?.filter { $0["uid"]?.stringValue != uid } ?? []
                child[path: ["metadata", "ownerReferences"]] = refs.isEmpty ? nil : .array(refs)
                commit(childType, key: dependent.key, old: old, new: child, event: "MODIFIED")
            }
            finalizers.removeAll { $0 == "orphan" }
            changed = true
        }
        if finalizers.contains("foregroundDeletion") {
            let live = (dependents[uid] ?? []).filter { objects[$0.resource]?[$0.key] != nil }
            if live.isEmpty {
                finalizers.removeAll { $0 == "foregroundDeletion" }
                changed = true
            } else {
                for dependent in live {
                    guard let child = objects[dependent.resource]?[dependent.key], child[path: ["metadata", "deletionTimestamp"]] == nil,
                        let childType = registry.type(key: dependent.resource)
                    else { continue }
                    _ = markOrDelete(childType, key: dependent.key, old: child, propagation: .foreground)
                    changed = true
                }
            }
        }
        if type.key == "/namespaces" {
            let name = object[path: ["metadata", "name"]]?.stringValue ?? ""
            let prefix = name + "/"
            var remaining = 0
            for resource in registry.types where resource.namespaced {
                for key in keys(of: resource.key) where key.hasPrefix(prefix) {
                    guard let child = objects[resource.key]?[key] else { continue }
                    remaining += 1
                    if child[path: ["metadata", "deletionTimestamp"]] == nil {
                        _ = markOrDelete(resource, key: key, old: child, propagation: .background)
                        changed = true
                    }
                }
            }
            if remaining == 0 && finalizers.isEmpty {
                commit(type, key: ref.key, old: object, new: nil, event: "DELETED")
                return true
            }
            guard changed else { return false }
        }
        guard changed else { return false }
        var updated = object
        updated[path: ["metadata", "finalizers"]] = finalizers.isEmpty ? nil : .array(finalizers.map(JSONValue.string))
        if finalizers.isEmpty && type.key != "/namespaces" {
            commit(type, key: ref.key, old: object, new: nil, event: "DELETED")
        } else if updated != object {
            commit(type, key: ref.key, old: object, new: updated, event: "MODIFIED")
        }
        return true
    }

    /// Deletes every object of a custom type whose definition went away, then stops serving it.
    func removeCustomType(key: String) {
        guard let type = registry.type(key: key), type.isCustom else { return }
        for objectKey in keys(of: key) {
            if let object = objects[key]?[objectKey] { commit(type, key: objectKey, old: object, new: nil, event: "DELETED") }
        }
        registry.unregister(key: key)
        settle()
    }
}
