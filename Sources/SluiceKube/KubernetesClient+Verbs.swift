import NIOHTTP1
import SluiceCore

extension KubernetesClient {
    /// One page of objects of a kind.
    ///
    /// - Parameters:
    ///   - gvk: The kind.
    ///   - namespace: One namespace, or all when `nil`.
    ///   - labelSelector: Only objects whose labels match (see ``LabelSelector``).
    ///   - fieldSelector: Only objects whose fields match.
    ///   - limit: The page size; `nil` for everything.
    ///   - continue: The previous page's ``ObjectPage/continueToken``.
    public func list(_ gvk: GroupVersionKind, namespace: String?, labelSelector: String? = nil, fieldSelector: String? = nil,
                     limit: Int?, continue continueToken: String? = nil) async throws -> ObjectPage
    {
        let resource = try await mapper.mapping(for: gvk)
        var query = QueryItems()
        query.add("labelSelector", labelSelector.flatMap { $0.isEmpty ? nil : $0 })
        query.add("fieldSelector", fieldSelector.flatMap { $0.isEmpty ? nil : $0 })
        query.add("limit", limit.map(String.init))
        query.add("continue", continueToken.flatMap { $0.isEmpty ? nil : $0 })
        let value = try await requestJSON(method: .GET, path: resource.collectionPath(namespace: namespace), query: query)
        let items = try (value["items"]?.arrayValue ?? []).map { try object(from: $0, gvk: gvk) }
        let next = value[path: ["metadata", "continue"]]?.stringValue
        return ObjectPage(
            list: ObjectList(items: items, resourceVersion: value[path: ["metadata", "resourceVersion"]]?.stringValue ?? ""),
            continueToken: next.flatMap { $0.isEmpty ? nil : $0 })
    }

    /// Every object of a kind, fetched `pageSize` at a time and following `continue` tokens.
    public func listAll(_ gvk: GroupVersionKind, namespace: String?, labelSelector: String? = nil, fieldSelector: String? = nil,
                        pageSize: Int = 500) async throws -> ObjectList
    {
        var items: [KubeObject] = []
        var token: String?
        var resourceVersion = ""
        repeat {
            let page = try await list(gvk, namespace: namespace, labelSelector: labelSelector, fieldSelector: fieldSelector,
                                      limit: pageSize, continue: token)
            items += page.list.items
            resourceVersion = page.list.resourceVersion
            token = page.continueToken
        } while token != nil
        return ObjectList(items: items, resourceVersion: resourceVersion)
    }

    /// Creates an object (in its namespace, or the configuration's namespace for a namespaced kind without one).
    @discardableResult
    public func create(_ object: KubeObject, dryRun: Bool = false, fieldManager: String? = nil) async throws -> KubeObject {
        let resource = try await mapper.mapping(for: object.gvk)
        let object = placed(object, resource)
        let value = try await requestJSON(method: .POST, path: resource.collectionPath(namespace: object.namespace),
                                          query: writeQuery(dryRun: dryRun, fieldManager: fieldManager), body: object.value)
        return try self.object(from: value, gvk: object.gvk)
    }

    /// Replaces an object (PUT), or its status with `subresource: .status`; a stale `resourceVersion` is a ``KubernetesError/conflict(_:)``.
    @discardableResult
    public func update(_ object: KubeObject, subresource: Subresource? = nil, dryRun: Bool = false,
                       fieldManager: String? = nil) async throws -> KubeObject
    {
        let resource = try await mapper.mapping(for: object.gvk)
        let object = placed(object, resource)
        let path = resource.objectPath(namespace: object.namespace, name: object.name, subresource: subresource)
        let value = try await requestJSON(method: .PUT, path: path, query: writeQuery(dryRun: dryRun, fieldManager: fieldManager), body: object.value)
        return try self.object(from: value, gvk: object.gvk)
    }

    /// Replaces an object's status (PUT on the `status` subresource).
    @discardableResult
    public func updateStatus(_ object: KubeObject, dryRun: Bool = false, fieldManager: String? = nil) async throws -> KubeObject {
        try await update(object, subresource: .status, dryRun: dryRun, fieldManager: fieldManager)
    }

    /// Deletes an object.
    ///
    /// - Returns: The object as the server last saw it (still present while finalizers hold it), or `nil` when the server answered with a `Status`.
    @discardableResult
    public func delete(_ gvk: GroupVersionKind, namespace: String?, name: String, propagationPolicy: PropagationPolicy? = nil,
                       preconditions: DeletePreconditions? = nil, dryRun: Bool = false) async throws -> KubeObject?
    {
        let resource = try await mapper.mapping(for: gvk)
        var options: JSONObject = ["apiVersion": "v1", "kind": "DeleteOptions"]
        if let propagationPolicy { options["propagationPolicy"] = .string(propagationPolicy.rawValue) }
        if let preconditions {
            var pre = JSONObject()
            if let uid = preconditions.uid { pre["uid"] = .string(uid) }
            if let rv = preconditions.resourceVersion { pre["resourceVersion"] = .string(rv) }
            options["preconditions"] = .object(pre)
        }
        if dryRun { options["dryRun"] = ["All"] }
        let value = try await requestJSON(method: .DELETE, path: resource.objectPath(namespace: namespace, name: name),
                                          query: writeQuery(dryRun: dryRun, fieldManager: nil), body: .object(options))
        if value["kind"]?.stringValue == "Status" { return nil }
        return try object(from: value, gvk: gvk)
    }

    /// Patches an object, or its status, with a patch of any ``PatchType``.
    ///
    /// - Parameters:
    ///   - force: For ``PatchType/apply`` only: take fields other managers own.
    @discardableResult
    public func patch(_ gvk: GroupVersionKind, namespace: String?, name: String, patch: JSONValue, type: PatchType,
                      subresource: Subresource? = nil, dryRun: Bool = false, fieldManager: String? = nil,
                      force: Bool = false) async throws -> KubeObject
    {
        let resource = try await mapper.mapping(for: gvk)
        var query = writeQuery(dryRun: dryRun, fieldManager: fieldManager)
        if force { query.add("force", "true") }
        let value = try await requestJSON(method: .PATCH, path: resource.objectPath(namespace: namespace, name: name, subresource: subresource),
                                          query: query, body: patch, contentType: type.rawValue)
        return try object(from: value, gvk: gvk)
    }

    /// Applies an RFC 6902 JSON patch (a list of operations).
    @discardableResult
    public func jsonPatch(_ gvk: GroupVersionKind, namespace: String?, name: String, operations: [JSONValue],
                          subresource: Subresource? = nil, dryRun: Bool = false) async throws -> KubeObject
    {
        try await patch(gvk, namespace: namespace, name: name, patch: .array(operations), type: .json, subresource: subresource, dryRun: dryRun)
    }

    /// Applies a strategic merge patch (lists merged by their patch merge keys, for built-in kinds).
    @discardableResult
    public func strategicMergePatch(_ gvk: GroupVersionKind, namespace: String?, name: String, patch: JSONValue,
                                    subresource: Subresource? = nil, dryRun: Bool = false) async throws -> KubeObject
    {
        try await self.patch(gvk, namespace: namespace, name: name, patch: patch, type: .strategicMerge, subresource: subresource, dryRun: dryRun)
    }

    /// Applies a JSON merge patch, with the write options the protocol's version lacks.
    @discardableResult
    public func mergePatch(_ gvk: GroupVersionKind, namespace: String?, name: String, patch: JSONValue,
                           subresource: Subresource? = nil, dryRun: Bool) async throws -> KubeObject
    {
        try await self.patch(gvk, namespace: namespace, name: name, patch: patch, type: .merge, subresource: subresource, dryRun: dryRun)
    }

    /// Server-side apply: sends the object's intent as `fieldManager`; conflicts with other managers throw ``KubernetesError/conflict(_:)`` unless `force`.
    @discardableResult
    public func apply(_ object: KubeObject, fieldManager: String, force: Bool = false, subresource: Subresource? = nil,
                      dryRun: Bool = false) async throws -> KubeObject
    {
        let resource = try await mapper.mapping(for: object.gvk)
        let object = placed(object, resource)
        return try await patch(object.gvk, namespace: object.namespace, name: object.name, patch: object.value,
                               type: .apply, subresource: subresource, dryRun: dryRun, fieldManager: fieldManager, force: force)
    }

    /// The object with the namespace it will be written to: its own, or the configuration's for a namespaced kind without one.
    private func placed(_ object: KubeObject, _ resource: APIResource) -> KubeObject {
        guard resource.namespaced, object.namespace?.isEmpty ?? true else { return object }
        var object = object
        object.namespace = configuration.namespace
        return object
    }

    private func writeQuery(dryRun: Bool, fieldManager: String?) -> QueryItems {
        var query = QueryItems()
        if dryRun { query.add("dryRun", "All") }
        query.add("fieldManager", fieldManager)
        return query
    }
}
