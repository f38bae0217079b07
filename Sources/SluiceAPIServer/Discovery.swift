import SluiceCore

/// The discovery and OpenAPI documents, built from the registry.
enum Discovery {
    static let gitVersion = "v1.32.0-sluice"

    static func version() -> JSONValue {
        ["major": "1", "minor": "32", "gitVersion": .string(gitVersion), "gitCommit": "0000000000000000000000000000000000000000",
         "gitTreeState": "clean", "buildDate": "2026-01-01T00:00:00Z", "goVersion": "go1.23.0", "compiler": "gc",
         "platform": "linux/amd64"]
    }

    static func coreVersions(address: String) -> JSONValue {
        ["kind": "APIVersions", "versions": ["v1"],
         "serverAddressByClientCIDRs": [["clientCIDR": "0.0.0.0/0", "serverAddress": .string(address)]]]
    }

    static func group(_ name: String, versions: [String]) -> JSONValue {
        let list: [JSONValue] = versions.map { ["groupVersion": .string("\(name)/\($0)"), "version": .string($0)] }
        return ["name": .string(name), "versions": .array(list), "preferredVersion": list[0]]
    }

    static func groupList(_ registry: ResourceRegistry) -> JSONValue {
        ["kind": "APIGroupList", "apiVersion": "v1",
         "groups": .array(registry.groups.map { group($0.name, versions: $0.versions) })]
    }

    static func resourceList(_ registry: ResourceRegistry, group: String, version: String) -> JSONValue? {
        let types = registry.types(group: group, version: version)
        guard !types.isEmpty else { return nil }
        var resources: [JSONValue] = []
        for type in types {
            var entry: JSONObject = [
                "name": .string(type.plural), "singularName": .string(type.singular), "namespaced": .bool(type.namespaced),
                "kind": .string(type.kind), "verbs": .array(type.verbs.map(JSONValue.string)),
            ]
            if !type.shortNames.isEmpty { entry["shortNames"] = .array(type.shortNames.map(JSONValue.string)) }
            if !type.categories.isEmpty { entry["categories"] = .array(type.categories.map(JSONValue.string)) }
            resources.append(.object(entry))
            if type.scale != nil {
                // As the real server: the subresource's kind is `autoscaling/v1` `Scale`, which the scale client finds here.
                resources.append(["name": .string("\(type.plural)/scale"), "singularName": "", "namespaced": .bool(type.namespaced),
                                  "group": "autoscaling", "version": "v1", "kind": "Scale", "verbs": ["get", "patch", "update"]])
            }
            if type.hasStatus {
                resources.append(["name": .string("\(type.plural)/status"), "singularName": "", "namespaced": .bool(type.namespaced),
                                  "kind": .string(type.kind), "verbs": ["get", "patch", "update"]])
            }
        }
        return ["kind": "APIResourceList", "apiVersion": "v1", "groupVersion": .string(group.isEmpty ? version : "\(group)/\(version)"),
                "resources": .array(resources)]
    }

    /// `/openapi/v3`: the built-in group versions (custom groups fall back, in kubectl, to the CRD's entry).
    static func openAPIRoot(_ registry: ResourceRegistry) -> JSONValue {
        var paths = JSONObject()
        var seen: Set<String> = []
        for type in registry.types where !type.isCustom {
            for version in type.versions {
                let path = type.group.isEmpty ? "api/\(version)" : "apis/\(type.group)/\(version)"
                if seen.insert(path).inserted {
                    paths[path] = ["serverRelativeURL": .string("/openapi/v3/\(path)?hash=sluice1")]
                }
            }
        }
        return ["paths": .object(paths)]
    }

    /// `/openapi/v3/{api/v1|apis/g/v}`: a PATCH operation per kind advertising `fieldValidation`, which is what kubectl checks.
    static func openAPIDocument(_ registry: ResourceRegistry, group: String, version: String) -> JSONValue? {
        let types = registry.types(group: group, version: version).filter { !$0.isCustom }
        guard !types.isEmpty else { return nil }
        var paths = JSONObject()
        let prefix = group.isEmpty ? "/api/\(version)" : "/apis/\(group)/\(version)"
        for type in types {
            let path = type.namespaced ? "\(prefix)/namespaces/{namespace}/\(type.plural)/{name}" : "\(prefix)/\(type.plural)/{name}"
            let operation: JSONValue = [
                "operationId": .string("patch\(type.kind)"),
                "x-kubernetes-action": "patch",
                "x-kubernetes-group-version-kind": ["group": .string(group), "version": .string(version), "kind": .string(type.kind)],
                "parameters": [
                    ["name": "fieldValidation", "in": "query", "schema": ["type": "string", "uniqueItems": true]],
                    ["name": "fieldManager", "in": "query", "schema": ["type": "string", "uniqueItems": true]],
                    ["name": "dryRun", "in": "query", "schema": ["type": "string", "uniqueItems": true]],
                    ["name": "force", "in": "query", "schema": ["type": "boolean", "uniqueItems": true]],
                ],
                "responses": ["200": ["description": "OK"]],
            ]
            paths[path] = ["patch": operation]
        }
        return ["openapi": "3.0.0", "info": ["title": "Kubernetes", "version": .string(gitVersion)],
                "paths": .object(paths), "components": ["schemas": .object(JSONObject())]]
    }
}
