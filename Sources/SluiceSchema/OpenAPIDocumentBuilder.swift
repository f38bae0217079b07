import SluiceCore

/// Builds one OpenAPI document (Swagger 2.0 or OpenAPI 3.0) of some served kinds: their paths and operations, and
/// every schema they reach, with references rewritten to the document's own form.
struct OpenAPIDocumentBuilder {
    /// The OpenAPI version written.
    enum Style {
        /// Swagger 2.0: `definitions`, `#/definitions/NAME`, no `oneOf`/`anyOf`/`nullable` (a oneOf of types is a string,
        /// as Kubernetes writes IntOrString and Quantity there).
        case v2
        /// OpenAPI 3.0: `components.schemas`, `#/components/schemas/NAME`, a reference with a description as `allOf`.
        case v3
    }

    /// The deepest schema nesting copied; deeper parts of a (hostile) CRD schema are left out.
    static let maxDepth = 256
    static let objectMeta = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"
    static let status = "io.k8s.apimachinery.pkg.apis.meta.v1.Status"
    static let deleteOptions = "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions"
    static let patch = "io.k8s.apimachinery.pkg.apis.meta.v1.Patch"
    static let standardVerbs = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]

    let catalog: SchemaCatalog
    let style: Style
    private var paths = JSONObject()
    private var schemas: [String: JSONValue] = [:]
    private var pending: [String] = []
    private var queued = Set<String>()

    init(catalog: SchemaCatalog, style: Style) {
        self.catalog = catalog
        self.style = style
    }

    /// Whether any kind was added with a schema.
    var hasPaths: Bool { !paths.isEmpty }

    private var referencePrefix: String { style == .v2 ? "#/definitions/" : "#/components/schemas/" }

    // MARK: - Kinds and paths

    /// Adds a kind's schema and its paths; a kind the catalog has no schema for is left out.
    mutating func add(_ kind: GroupVersionKindScope) {
        let gvk = kind.gvk
        let name: String
        var listName: String?
        let verbs: [String]
        if let custom = catalog.customSchemas[gvk] {
            name = Self.customName(gvk)
            schemas[name] = customSchema(custom, gvk: gvk)
            verbs = Self.standardVerbs
        } else if let builtIn = BuiltInKinds.kind(gvk), catalog.definitions[builtIn.definition] != nil {
            name = builtIn.definition
            enqueue(name)
            if catalog.definitions[name + "List"] != nil {
                listName = name + "List"
                enqueue(name + "List")
            }
            verbs = builtIn.verbs.isEmpty ? Self.standardVerbs : builtIn.verbs
        } else {
            return
        }
        for helper in [Self.status, Self.deleteOptions, Self.patch] where catalog.definitions[helper] != nil {
            enqueue(helper)
        }
        addPaths(kind, schema: name, list: listName, verbs: Set(verbs))
    }

    /// The name Kubernetes gives a custom kind's schema: the group reversed, the version, the kind
    /// (`com.example.v1.Widget`).
    static func customName(_ gvk: GroupVersionKind) -> String {
        (gvk.group.split(separator: ".").reversed().map(String.init) + [gvk.version, gvk.kind]).joined(separator: ".")
    }

    private mutating func addPaths(_ kind: GroupVersionKindScope, schema: String, list: String?, verbs: Set<String>) {
        let gvk = kind.gvk
        let prefix = gvk.group.isEmpty ? "/api/\(gvk.version)" : "/apis/\(gvk.group)/\(gvk.version)"
        let collection = kind.namespaced ? "\(prefix)/namespaces/{namespace}/\(kind.plural)" : "\(prefix)/\(kind.plural)"
        let item = collection + "/{name}"
        let scope = kind.namespaced ? "Namespaced" : ""
        let gvkValue: JSONValue = ["group": .string(gvk.group), "kind": .string(gvk.kind), "version": .string(gvk.version)]
        let identity = Self.operationGroup(gvk)

        func operation(_ action: String, _ verb: String, _ description: String, parameters: [String],
                       body: (schema: String, patch: Bool)?, response: String?) -> JSONValue
        {
            var out: JSONObject = [
                "description": .string(description),
                "operationId": .string(verb + identity + scope + gvk.kind + (action == "list" ? "List" : "")),
                "tags": [.string(identity)],
                "x-kubernetes-action": .string(action),
                "x-kubernetes-group-version-kind": gvkValue,
            ]
            var parameterValues = parameters.map(queryParameter)
            if let body {
                switch style {
                case .v2:
                    parameterValues.insert(["name": "body", "in": "body", "required": true, "schema": reference(body.schema)], at: 0)
                case .v3:
                    // Custom resources take no strategic merge patch, and Kubernetes' documents do not offer one for
                    // them: kubectl's client-side apply sends one to any kind whose PATCH lists it.
                    let strategic = catalog.customSchemas[gvk] == nil ? ["application/strategic-merge-patch+json"] : []
                    let types = body.patch
                        ? ["application/apply-patch+yaml", "application/json-patch+json", "application/merge-patch+json"] + strategic
                        : ["application/json", "application/yaml"]
                    out["requestBody"] = [
                        "content": .object(JSONObject(types.map { ($0, ["schema": reference(body.schema)]) })),
                        "required": true,
                    ]
                }
            }
            if !parameterValues.isEmpty { out["parameters"] = .array(parameterValues) }
            out["responses"] = [
                "200": responseValue("OK", response),
                "401": ["description": "Unauthorized"],
            ]
            return .object(out)
        }

        var collectionPath = paths[collection]?.objectValue ?? JSONObject()
        if verbs.contains("list") {
            collectionPath["get"] = operation(
                "list", "list", "list or watch objects of kind \(gvk.kind)",
                parameters: ["labelSelector", "fieldSelector", "limit", "continue", "resourceVersion", "watch"],
                body: nil, response: list)
        }
        if verbs.contains("create") {
            collectionPath["post"] = operation(
                "post", "create", "create a \(gvk.kind)", parameters: ["dryRun", "fieldManager", "fieldValidation"],
                body: (schema, false), response: schema)
        }
        if verbs.contains("deletecollection") {
            collectionPath["delete"] = operation(
                "deletecollection", "deleteCollection", "delete collection of \(gvk.kind)",
                parameters: ["dryRun", "labelSelector", "fieldSelector"], body: nil, response: Self.status)
        }
        if !collectionPath.isEmpty {
            if kind.namespaced { collectionPath["parameters"] = [pathParameter("namespace")] }
            paths[collection] = .object(collectionPath)
        }

        var itemPath = paths[item]?.objectValue ?? JSONObject()
        if verbs.contains("get") {
            itemPath["get"] = operation("get", "read", "read the specified \(gvk.kind)", parameters: [], body: nil, response: schema)
        }
        if verbs.contains("update") {
            itemPath["put"] = operation(
                "put", "replace", "replace the specified \(gvk.kind)",
                parameters: ["dryRun", "fieldManager", "fieldValidation"], body: (schema, false), response: schema)
        }
        if verbs.contains("patch") {
            itemPath["patch"] = operation(
                "patch", "patch", "partially update the specified \(gvk.kind)",
                parameters: ["dryRun", "fieldManager", "fieldValidation", "force"], body: (Self.patch, true), response: schema)
        }
        if verbs.contains("delete") {
            itemPath["delete"] = operation(
                "delete", "delete", "delete a \(gvk.kind)", parameters: ["dryRun", "gracePeriodSeconds", "propagationPolicy"],
                body: (Self.deleteOptions, false), response: Self.status)
        }
        if !itemPath.isEmpty {
            itemPath["parameters"] = .array([pathParameter("name")] + (kind.namespaced ? [pathParameter("namespace")] : []))
            paths[item] = .object(itemPath)
        }

        if kind.namespaced, verbs.contains("list") {
            let everywhere = "\(prefix)/\(kind.plural)"
            var listPath = paths[everywhere]?.objectValue ?? JSONObject()
            var listAll = operation(
                "list", "list", "list or watch objects of kind \(gvk.kind)",
                parameters: ["labelSelector", "fieldSelector", "limit", "continue", "resourceVersion", "watch"],
                body: nil, response: list)
            listAll["operationId"] = .string("list" + identity + gvk.kind + "ForAllNamespaces")
            listPath["get"] = listAll
            paths[everywhere] = .object(listPath)
        }
    }

    /// `AppsV1`, `CoreV1`, `NetworkingV1`, `SourceToolkitFluxcdIoV1`: the group version in operation ids and tags.
    static func operationGroup(_ gvk: GroupVersionKind) -> String {
        var group = gvk.group.isEmpty ? "core" : gvk.group
        if group.hasSuffix(".k8s.io") { group.removeLast(".k8s.io".count) }
        let words = group.split(whereSeparator: { $0 == "." || $0 == "-" }).map { $0.prefix(1).uppercased() + $0.dropFirst() }
        return words.joined() + gvk.version.prefix(1).uppercased() + gvk.version.dropFirst()
    }

    private static let parameterDescriptions: [String: (type: String, text: String)] = [
        "dryRun": ("string", "When present, indicates that modifications should not be persisted. Valid values are: - All: all dry run stages will be processed"),
        "fieldManager": ("string", "fieldManager is a name associated with the actor or entity that is making these changes."),
        "fieldValidation": ("string", "fieldValidation instructs the server on how to handle objects in the request (POST/PUT/PATCH) containing unknown or duplicate fields. Valid values are: - Ignore - Warn - Strict"),
        "force": ("boolean", "Force is going to \"force\" Apply requests. It means user will re-acquire conflicting fields owned by other people."),
        "labelSelector": ("string", "A selector to restrict the list of returned objects by their labels. Defaults to everything."),
        "fieldSelector": ("string", "A selector to restrict the list of returned objects by their fields. Defaults to everything."),
        "limit": ("integer", "limit is a maximum number of responses to return for a list call."),
        "continue": ("string", "The continue option should be set when retrieving more results from the server."),
        "resourceVersion": ("string", "resourceVersion sets a constraint on what resource versions a request may be served from."),
        "watch": ("boolean", "Watch for changes to the described resources and return them as a stream of add, update, and remove notifications."),
        "gracePeriodSeconds": ("integer", "The duration in seconds before the object should be deleted."),
        "propagationPolicy": ("string", "Whether and how garbage collection will be performed: Orphan, Background or Foreground."),
    ]

    private func queryParameter(_ name: String) -> JSONValue {
        let (type, text) = Self.parameterDescriptions[name] ?? ("string", name)
        switch style {
        case .v2:
            return ["description": .string(text), "in": "query", "name": .string(name), "type": .string(type), "uniqueItems": true]
        case .v3:
            return ["description": .string(text), "in": "query", "name": .string(name),
                    "schema": ["type": .string(type), "uniqueItems": true]]
        }
    }

    private func pathParameter(_ name: String) -> JSONValue {
        let text = name == "name" ? "name of the object" : "object name and auth scope, such as for teams and projects"
        switch style {
        case .v2:
            return ["description": .string(text), "in": "path", "name": .string(name), "required": true, "type": "string", "uniqueItems": true]
        case .v3:
            return ["description": .string(text), "in": "path", "name": .string(name), "required": true,
                    "schema": ["type": "string", "uniqueItems": true]]
        }
    }

    private func responseValue(_ description: String, _ schema: String?) -> JSONValue {
        guard let schema else { return ["description": .string(description)] }
        switch style {
        case .v2:
            return ["description": .string(description), "schema": reference(schema)]
        case .v3:
            return ["description": .string(description),
                    "content": ["application/json": ["schema": reference(schema)], "application/yaml": ["schema": reference(schema)]]]
        }
    }

    private func reference(_ name: String) -> JSONValue { ["$ref": .string(referencePrefix + name)] }

    // MARK: - Schemas

    private mutating func enqueue(_ name: String) {
        guard queued.insert(name).inserted else { return }
        pending.append(name)
    }

    /// A CRD's version schema as Kubernetes publishes it: its group-version-kind, `metadata` as ObjectMeta, and
    /// `apiVersion` and `kind` described.
    private mutating func customSchema(_ schema: JSONValue, gvk: GroupVersionKind) -> JSONValue {
        var out = render(schema, depth: 0)
        guard case .object(var object) = out else { return out }
        object["x-kubernetes-group-version-kind"] = [["group": .string(gvk.group), "kind": .string(gvk.kind), "version": .string(gvk.version)]]
        if object["type"] == nil { object["type"] = "object" }
        var properties = object["properties"]?.objectValue ?? JSONObject()
        if properties["apiVersion"] == nil {
            properties["apiVersion"] = ["description": "APIVersion defines the versioned schema of this representation of an object.", "type": "string"]
        }
        if properties["kind"] == nil {
            properties["kind"] = ["description": "Kind is a string value representing the REST resource this object represents.", "type": "string"]
        }
        if catalog.definitions[Self.objectMeta] != nil {
            enqueue(Self.objectMeta)
            let description: JSONValue = "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"
            switch style {
            case .v2: properties["metadata"] = ["$ref": .string(referencePrefix + Self.objectMeta), "description": description]
            case .v3: properties["metadata"] = ["allOf": [reference(Self.objectMeta)], "description": description]
            }
        }
        object["properties"] = .object(properties)
        out = .object(object)
        return out
    }

    /// A schema with its references rewritten (and the definitions they name queued) in this document's style.
    private mutating func render(_ schema: JSONValue, depth: Int) -> JSONValue {
        guard case .object(let members) = schema else { return schema }
        guard depth < Self.maxDepth else { return .object(JSONObject()) }
        var out = JSONObject()
        for (key, value) in members {
            switch key {
            case "$ref":
                let prefix = SchemaValidator.referencePrefix
                if let target = value.stringValue, target.hasPrefix(prefix) {
                    let name = String(target.dropFirst(prefix.count))
                    enqueue(name)
                    out[key] = .string(referencePrefix + name)
                } else {
                    out[key] = value
                }
            case "properties", "patternProperties", "definitions":
                guard case .object(let children) = value else { out[key] = value; continue }
                var rendered = JSONObject()
                for (name, child) in children { rendered[name] = render(child, depth: depth + 1) }
                out[key] = .object(rendered)
            case "items", "additionalProperties", "not", "additionalItems":
                out[key] = value.objectValue != nil ? render(value, depth: depth + 1) : value
            case "allOf", "oneOf", "anyOf":
                guard case .array(let children) = value else { out[key] = value; continue }
                out[key] = .array(children.map { render($0, depth: depth + 1) })
            default:
                out[key] = value
            }
        }
        if style == .v2 {
            // Swagger 2.0 has no oneOf/anyOf/not/nullable; Kubernetes writes a oneOf of types (IntOrString, Quantity) as a string.
            if out["type"] == nil, let alternatives = out["oneOf"]?.arrayValue,
               alternatives.allSatisfy({ $0["type"] != nil && $0.objectValue?.count == 1 })
            {
                out["type"] = "string"
            }
            for key in ["oneOf", "anyOf", "not", "nullable"] { out[key] = nil }
            if let all = out["allOf"]?.arrayValue, all.count == 1, let target = all[0]["$ref"], out["$ref"] == nil {
                out["allOf"] = nil
                out["$ref"] = target
            }
        } else if out["x-kubernetes-int-or-string"]?.boolValue == true, out["type"] == nil, out["anyOf"] == nil {
            // As Kubernetes publishes a CRD's int-or-string field (kubectl explain then names its type).
            out["anyOf"] = [["type": "integer"], ["type": "string"]]
        } else if let target = out["$ref"], out.count > 1 {
            // OpenAPI 3.0 ignores a reference's siblings; Kubernetes keeps the description next to an allOf of one.
            out["$ref"] = nil
            out["allOf"] = [["$ref": target]]
        }
        return .object(out)
    }

    /// The document: paths, and every queued definition rendered (which may queue more).
    mutating func document() -> JSONValue {
        var index = 0
        while index < pending.count {
            let name = pending[index]
            index += 1
            guard schemas[name] == nil, let definition = catalog.definitions[name] else { continue }
            schemas[name] = render(definition, depth: 0)
        }
        pending.removeAll()
        let rendered = JSONObject(schemas.keys.sorted().map { ($0, schemas[$0]!) })
        let info: JSONValue = ["title": "Kubernetes", "version": "v1.32.0"]
        let bearer: JSONValue = ["description": "Bearer Token authentication", "in": "header", "name": "authorization", "type": "apiKey"]
        switch style {
        case .v2:
            return [
                "swagger": "2.0", "info": info, "paths": .object(paths.sortedByKey()), "definitions": .object(rendered),
                "securityDefinitions": ["BearerToken": bearer], "security": [["BearerToken": []]],
            ]
        case .v3:
            return [
                "openapi": "3.0.0", "info": info, "paths": .object(paths.sortedByKey()),
                "components": ["schemas": .object(rendered), "securitySchemes": ["BearerToken": bearer]],
            ]
        }
    }
}
