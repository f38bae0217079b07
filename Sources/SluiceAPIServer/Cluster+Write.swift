import Foundation
import SluiceCore
import SluiceMerge

extension Cluster {
    static let crdKey = "apiextensions.k8s.io/customresourcedefinitions"
    static let generateNameAlphabet = Array("bcdfghjklmnpqrstvwxz2456789")

    // MARK: - Create

    /// Creates an object from `body` (already at the storage version).
    func create(_ type: ResourceType, namespace: String?, body: JSONValue, options: WriteOptions) throws(APIError) -> JSONValue {
        let object = try prepareCreate(type, namespace: namespace, body: body, manager: options.fieldManager)
        let name = object[path: ["metadata", "name"]]?.stringValue ?? ""
        let key = ObjectRef.key(namespace: type.namespaced ? namespace : nil, name: name)
        if objects[type.key]?[key] != nil { throw .alreadyExists(type.plural, group: type.group, name: name) }
        var custom: ResourceType?
        if type.key == Self.crdKey {
            switch ResourceRegistry.customType(from: object) {
            case .success(let t): custom = t
            case .failure(let error): throw error
            }
        }
        if options.dryRun { return object }
        let stored = commit(type, key: key, old: nil, new: object, event: "ADDED")
        if let custom { registerCustom(custom) }
        scheduleSimulation(type, key: key)
        return stored
    }

    /// `body` made into a new object: names, server-set metadata, defaults, validation.
    func prepareCreate(_ type: ResourceType, namespace: String?, body: JSONValue, manager: String) throws(APIError) -> JSONValue {
        guard var object = body.objectValue.map(JSONValue.object) else { throw .badRequest("the body of the request must be a JSON object") }
        var meta = object["metadata"]?.objectValue ?? JSONObject()
        var name = meta["name"]?.stringValue ?? ""
        if name.isEmpty, let prefix = meta["generateName"]?.stringValue, !prefix.isEmpty {
            var random = SystemRandomNumberGenerator()
            name = String(prefix.prefix(58)) + String((0..<5).map { _ in Self.generateNameAlphabet.randomElement(using: &random)! })
            meta["name"] = .string(name)
        }
        guard !name.isEmpty else {
            throw .invalid(kind: type.kind, group: type.group, name: "",
                           causes: [.init(reason: "FieldValueRequired", message: "Required value: name or generateName is required", field: "metadata.name")])
        }
        if type.namespaced {
            guard let namespace else { throw .methodNotAllowed() }
            if let bodyNamespace = meta["namespace"]?.stringValue, !bodyNamespace.isEmpty, bodyNamespace != namespace {
                throw .badRequest("the namespace of the provided object does not match the namespace sent on the request")
            }
            meta["namespace"] = .string(namespace)
            try requireNamespace(namespace, type: type, name: name)
        } else {
            meta["namespace"] = nil
        }
        for field in ["uid", "resourceVersion", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation", "selfLink"] {
            meta[field] = nil
        }
        let now = Timestamp.now()
        meta["uid"] = .string(UUID().uuidString.lowercased())
        meta["creationTimestamp"] = .string(now)
        if type.tracksGeneration { meta["generation"] = 1 }
        object["metadata"] = .object(meta)
        if type.hasStatus { object["status"] = nil }
        object = BuiltInDefaults.applying(to: object, type: type, services: objects["/services"]?.values ?? [:].values)
        try validate(type, object: object, name: name)
        if type.key == Self.crdKey { object["status"] = Self.crdStatus(object, now: now) }
        return ServerSideApply.recordUpdate(old: nil, new: object, manager: manager, gvk: type.gvk(type.storageVersion),
                                            schema: mergeSchema, now: now)
    }

    func requireNamespace(_ namespace: String, type: ResourceType, name: String) throws(APIError) {
        guard let ns = objects["/namespaces"]?[namespace] else { throw .notFound("namespaces", name: namespace) }
        if ns[path: ["metadata", "deletionTimestamp"]] != nil {
            throw .forbidden(type.plural, group: type.group, name: name,
                             "unable to create new content in namespace \(namespace) because it is being terminated")
        }
    }

    /// Throws 422 when `object` is invalid for `type` (names, metadata, selectors, the built-in or CRD schema);
    /// applies nothing. A status write (`schema` false) is not held to the built-in schema.
    func validate(_ type: ResourceType, object: JSONValue, name: String, schema: Bool = true) throws(APIError) {
        var causes = ObjectValidation.nameCauses(name, type: type) + ObjectValidation.metadataCauses(object)
            + ObjectValidation.requiredCauses(object, type: type) + ObjectValidation.selectorCauses(object, type: type)
        if schema {
            // The schema's required fields repeat some of ObjectValidation's; each field is reported once.
            let named = Set(causes.map(\.field))
            causes += try ServedSchemas.causes(object, type: type).filter { !named.contains($0.field) }
        }
        if type.isCustom, let schema = type.schemas[type.storageVersion] {
            causes += StructuralSchema(schema).validate(object)
        }
        if !causes.isEmpty { throw .invalid(kind: type.kind, group: type.group, name: name, causes: causes) }
    }

    static func crdStatus(_ crd: JSONValue, now: String) -> JSONValue {
        let storage = crd[path: ["spec", "versions"]]?.arrayValue?.first { $0["storage"]?.boolValue == true }?["name"] ?? "v1"
        func condition(_ type: String, _ reason: String, _ message: String) -> JSONValue {
            ["type": .string(type), "status": "True", "lastTransitionTime": .string(now), "reason": .string(reason), "message": .string(message)]
        }
        return [
            "conditions": [
                condition("NamesAccepted", "NoConflicts", "no conflicts found"),
                condition("Established", "InitialNamesAccepted", "the initial names have been accepted"),
            ],
            "acceptedNames": crd[path: ["spec", "names"]] ?? .object(JSONObject()),
            "storedVersions": [storage],
        ]
    }

    // MARK: - Update

    /// Replaces an object (or, with `status`, its status) with `body`.
    func update(_ type: ResourceType, namespace: String?, name: String, body: JSONValue, options: WriteOptions,
                status: Bool) throws(APIError) -> JSONValue
    {
        let key = ObjectRef.key(namespace: type.namespaced ? namespace : nil, name: name)
        guard let old = objects[type.key]?[key] else { throw .notFound(type.plural, group: type.group, name: name) }
        let new = try prepareUpdate(type, old: old, body: body, name: name, manager: options.fieldManager, status: status)
        return try store(type, key: key, old: old, new: new, options: options, status: status)
    }

    /// Stores an updated object: nothing when unchanged, a deletion when its last finalizer went.
    ///
    /// - Parameters:
    ///   - managedFieldsWritten: Whether the client changed `metadata.managedFields` itself (a patch replacing them, as
    ///     Flux's ssa cleanup sends): then that change alone is stored, as Kubernetes stores it.
    func store(_ type: ResourceType, key: String, old: JSONValue, new: JSONValue, options: WriteOptions,
               status: Bool, managedFieldsWritten: Bool = false) throws(APIError) -> JSONValue
    {
        var custom: ResourceType?
        if type.key == Self.crdKey && !status {
            switch ResourceRegistry.customType(from: new) {
            case .success(let t): custom = t
            case .failure(let error): throw error
            }
        }
        if options.dryRun { return new }
        let ownersChanged = managedFieldsWritten && old[path: ["metadata", "managedFields"]] != new[path: ["metadata", "managedFields"]]
        if !ownersChanged && Self.withoutVolatile(old) == Self.withoutVolatile(new) { return old }
        if new[path: ["metadata", "deletionTimestamp"]] != nil,
            (new[path: ["metadata", "finalizers"]]?.arrayValue ?? []).isEmpty, type.key != "/namespaces"
        {
            let stored = commit(type, key: key, old: old, new: nil, event: "DELETED")
            settle()
            return stored
        }
        let stored = commit(type, key: key, old: old, new: new, event: "MODIFIED")
        if let custom { registerCustom(custom) }
        if !status { scheduleSimulation(type, key: key) }
        if new[path: ["metadata", "deletionTimestamp"]] != nil {
            deleting.insert(ObjectRef(resource: type.key, key: key))
            settle()
        }
        return stored
    }

    static func withoutVolatile(_ object: JSONValue) -> JSONValue {
        var copy = object
        copy[path: ["metadata", "managedFields"]] = nil
        copy[path: ["metadata", "resourceVersion"]] = nil
        return copy
    }

    /// `body` made into the next state of `old`.
    func prepareUpdate(_ type: ResourceType, old: JSONValue, body: JSONValue, name: String, manager: String?,
                       status: Bool) throws(APIError) -> JSONValue
    {
        guard var new = body.objectValue.map(JSONValue.object) else { throw .badRequest("the body of the request must be a JSON object") }
        let bodyName = new[path: ["metadata", "name"]]?.stringValue ?? ""
        if bodyName.isEmpty {
            new[path: ["metadata", "name"]] = .string(name)
        } else if bodyName != name {
            throw .badRequest("the name of the object (\(bodyName)) does not match the name on the URL (\(name))")
        }
        if let bodyNamespace = new[path: ["metadata", "namespace"]]?.stringValue, !bodyNamespace.isEmpty,
            bodyNamespace != (old[path: ["metadata", "namespace"]]?.stringValue ?? "")
        {
            throw .badRequest("the namespace of the provided object does not match the namespace sent on the request")
        }
        let oldRV = old[path: ["metadata", "resourceVersion"]]?.stringValue ?? ""
        if let rv = new[path: ["metadata", "resourceVersion"]]?.stringValue, !rv.isEmpty, rv != oldRV {
            throw .conflict(type.plural, group: type.group, name: name,
                            "the object has been modified; please apply your changes to the latest version and try again")
        }
        if old[path: ["metadata", "uid"]] != nil, let uid = new[path: ["metadata", "uid"]]?.stringValue, !uid.isEmpty,
            uid != old[path: ["metadata", "uid"]]?.stringValue
        {
            throw .conflict(type.plural, group: type.group, name: name,
                            "Precondition failed: UID in precondition: \(uid), UID in object meta: \(old[path: ["metadata", "uid"]]?.stringValue ?? "")")
        }
        if status {
            var merged = old
            merged["status"] = new["status"]
            new = merged
        } else if type.hasStatus {
            new["status"] = old["status"]
        }
        for field in ["uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "namespace"] {
            new[path: ["metadata", field]] = old[path: ["metadata", field]]
        }
        new[path: ["metadata", "generation"]] = old[path: ["metadata", "generation"]]
        new[path: ["metadata", "resourceVersion"]] = old[path: ["metadata", "resourceVersion"]]
        new[path: ["metadata", "selfLink"]] = nil
        if type.key == "/services" {
            // What the registry allocated stays: the cluster IPs, and each port's node port (matched by port number).
            if new[path: ["spec", "clusterIP"]] == nil {
                new[path: ["spec", "clusterIP"]] = old[path: ["spec", "clusterIP"]]
                new[path: ["spec", "clusterIPs"]] = old[path: ["spec", "clusterIPs"]]
            }
            let oldPorts = old[path: ["spec", "ports"]]?.arrayValue ?? []
            new.updateEach(["spec", "ports"]) { port in
                guard port["nodePort"] == nil, let match = oldPorts.first(where: { $0["port"] == port["port"] }) else { return }
                port["nodePort"] = match["nodePort"]
            }
        }
        new = BuiltInDefaults.applying(to: new, type: type, services: objects["/services"]?.values ?? [:].values)
        if type.tracksGeneration && !status, let generation = old[path: ["metadata", "generation"]]?.intValue {
            if Self.specPart(old, type) != Self.specPart(new, type) {
                new[path: ["metadata", "generation"]] = .int(generation + 1)
            }
        }
        if old[path: ["metadata", "deletionTimestamp"]] != nil {
            let before = Set(old[path: ["metadata", "finalizers"]]?.arrayValue?.compactMap(\.stringValue) ?? [])
            let after = Set(new[path: ["metadata", "finalizers"]]?.arrayValue?.compactMap(\.stringValue) ?? [])
            if !after.isSubset(of: before) {
                throw .invalid(kind: type.kind, group: type.group, name: name, causes: [
                    .init(reason: "FieldValueForbidden", message: "Forbidden: no new finalizers can be added if the object is being deleted",
                          field: "metadata.finalizers"),
                ])
            }
        }
        if !status {
            // Fields the real server refuses to change in place; a dry run is refused the same way.
            let immutable = ImmutableFields.causes(type, old: old, new: new)
            if !immutable.isEmpty { throw .invalid(kind: type.kind, group: type.group, name: name, causes: immutable) }
        }
        try validate(type, object: new, name: name, schema: !status)
        if type.key == Self.crdKey {
            new["status"] = Self.crdStatus(new, now: old[path: ["metadata", "creationTimestamp"]]?.stringValue ?? Timestamp.now())
        }
        guard let manager else { return new }
        return ServerSideApply.recordUpdate(old: old, new: new, manager: manager, gvk: type.gvk(type.storageVersion),
                                            schema: mergeSchema, now: Timestamp.now())
    }

    static func specPart(_ object: JSONValue, _ type: ResourceType) -> JSONValue {
        var copy = object
        copy["metadata"] = nil
        if type.hasStatus { copy["status"] = nil }
        return copy
    }

    // MARK: - Patch

    /// Applies a patch of `patchType` to an object (or its status); server-side apply creates when absent.
    func patch(_ type: ResourceType, namespace: String?, name: String, patchType: PatchType, patch: JSONValue,
               options: WriteOptions, status: Bool) throws(APIError) -> JSONValue
    {
        let key = ObjectRef.key(namespace: type.namespaced ? namespace : nil, name: name)
        let old = objects[type.key]?[key]
        let gvk = type.gvk(type.storageVersion)
        if patchType == .apply {
            var configuration = patch
            configuration["apiVersion"] = .string(type.apiVersion(type.storageVersion))
            if let configName = configuration[path: ["metadata", "name"]]?.stringValue, configName != name {
                throw .badRequest("the name of the object (\(configName)) does not match the name on the URL (\(name))")
            }
            let applied: JSONValue
            do {
                applied = try ServerSideApply.apply(configuration: configuration, to: old, manager: options.fieldManager,
                                                    force: options.force, gvk: gvk, schema: mergeSchema, now: Timestamp.now())
            } catch {
                switch error {
                case .conflicts(let conflicts): throw Self.applyConflict(type, name: name, conflicts)
                case .invalid(let message): throw .invalid(kind: type.kind, group: type.group, name: name,
                                                           causes: [.init(reason: "FieldValueInvalid", message: message, field: "")])
                }
            }
            guard let old else {
                var object = applied
                object[path: ["metadata", "name"]] = .string(name)
                let created = try prepareCreate(type, namespace: namespace, body: object, manager: options.fieldManager)
                var withFields = created
                withFields[path: ["metadata", "managedFields"]] = applied[path: ["metadata", "managedFields"]]
                if options.dryRun { return withFields }
                let stored = commit(type, key: key, old: nil, new: withFields, event: "ADDED")
                if type.key == Self.crdKey, case .success(let custom) = ResourceRegistry.customType(from: withFields) {
                    registerCustom(custom)
                }
                scheduleSimulation(type, key: key)
                return stored
            }
            var next = try prepareUpdate(type, old: old, body: applied, name: name, manager: nil, status: status)
            next[path: ["metadata", "managedFields"]] = applied[path: ["metadata", "managedFields"]]
            return try store(type, key: key, old: old, new: next, options: options, status: status)
        }
        guard let old else { throw .notFound(type.plural, group: type.group, name: name) }
        var patched: JSONValue
        do throws(PatchError) {
            switch patchType {
            case .merge:
                guard patch.objectValue != nil else { throw PatchError("a merge patch must be a JSON object") }
                patched = MergePatch.apply(patch, to: old)
            case .json:
                patched = try JSONPatch.apply(patch, to: old)
            case .strategic:
                guard !type.isCustom else { throw PatchError("unsupported") }
                patched = try StrategicMergePatch.apply(patch, to: old, gvk: gvk, schema: mergeSchema)
            case .apply:
                patched = old
            }
        } catch {
            throw .invalid(kind: type.kind, group: type.group, name: name,
                           causes: [.init(reason: "FieldValueInvalid", message: error.message, field: "")])
        }
        patched["apiVersion"] = old["apiVersion"]
        patched["kind"] = old["kind"]
        if patched[path: ["metadata", "resourceVersion"]] == nil {
            patched[path: ["metadata", "resourceVersion"]] = old[path: ["metadata", "resourceVersion"]]
        }
        let new = try prepareUpdate(type, old: old, body: patched, name: name, manager: options.fieldManager, status: status)
        return try store(type, key: key, old: old, new: new, options: options, status: status,
                         managedFieldsWritten: patched[path: ["metadata", "managedFields"]] != old[path: ["metadata", "managedFields"]])
    }

    static func applyConflict(_ type: ResourceType, name: String, _ conflicts: [ApplyConflict]) -> APIError {
        let version = type.apiVersion(type.storageVersion)
        let lines = conflicts.map { "conflict with \"\($0.manager)\" using \(version): \($0.field)" }
        let message = conflicts.count == 1
            ? "Apply failed with 1 conflict: \(lines[0])"
            : "Apply failed with \(conflicts.count) conflicts: \(lines.joined(separator: "\n"))"
        return APIError(code: 409, reason: "Conflict", message: message, name: name, group: type.group, kind: type.plural,
                        causes: conflicts.map { .init(reason: "FieldManagerConflict", message: "conflict with \"\($0.manager)\" using \(version)", field: $0.field) })
    }
}
