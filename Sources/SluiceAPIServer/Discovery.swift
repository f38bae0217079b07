import Foundation
import SluiceCore
import SluiceSchema

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

    /// The media type of aggregated discovery (`/api` and `/apis` in one document each), which kubectl 1.32 asks for first.
    static let aggregatedMediaType = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList"

    /// Whether an `Accept` header asks for aggregated discovery v2.
    static func wantsAggregated(_ accept: String?) -> Bool {
        guard let accept else { return false }
        return accept.split(separator: ",").contains { type in
            let parameters = Set(type.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) })
            return parameters.contains("g=apidiscovery.k8s.io") && parameters.contains("v=v2") && parameters.contains("as=APIGroupDiscoveryList")
        }
    }

    /// `/api` (`core`) or `/apis` as an `APIGroupDiscoveryList`: every group, version and resource with its
    /// subresources, as Kubernetes' aggregated discovery serves it.
    static func aggregated(_ registry: ResourceRegistry, core: Bool) -> JSONValue {
        let groups: [(name: String, versions: [String])] = core ? [("", ["v1"])] : registry.groups
        let items: [JSONValue] = groups.map { group in
            let versions: [JSONValue] = group.versions.map { version in
                let resources: [JSONValue] = registry.types(group: group.name, version: version).map { type in
                    var subresources: [JSONValue] = []
                    if type.scale != nil {
                        subresources.append(["subresource": "scale", "responseKind": ["group": "autoscaling", "version": "v1", "kind": "Scale"],
                                             "verbs": ["get", "patch", "update"]])
                    }
                    if type.hasStatus {
                        subresources.append(["subresource": "status",
                                             "responseKind": ["group": .string(type.group), "version": .string(version), "kind": .string(type.kind)],
                                             "verbs": ["get", "patch", "update"]])
                    }
                    var entry: JSONObject = [
                        "resource": .string(type.plural),
                        "responseKind": ["group": .string(type.group), "version": .string(version), "kind": .string(type.kind)],
                        "scope": type.namespaced ? "Namespaced" : "Cluster", "singularResource": .string(type.singular),
                        "verbs": .array(type.verbs.map(JSONValue.string)),
                    ]
                    if !type.shortNames.isEmpty { entry["shortNames"] = .array(type.shortNames.map(JSONValue.string)) }
                    if !type.categories.isEmpty { entry["categories"] = .array(type.categories.map(JSONValue.string)) }
                    if !subresources.isEmpty { entry["subresources"] = .array(subresources) }
                    return .object(entry)
                }
                return ["version": .string(version), "resources": .array(resources), "freshness": "Current"]
            }
            let metadata: JSONValue = group.name.isEmpty ? ["creationTimestamp": .null]
                : ["name": .string(group.name), "creationTimestamp": .null]
            return ["metadata": metadata, "versions": .array(versions)]
        }
        return ["kind": "APIGroupDiscoveryList", "apiVersion": "apidiscovery.k8s.io/v2", "metadata": .object(JSONObject()),
                "items": .array(items)]
    }

    /// `/openapi/v3`: every served group version, each URL with a hash of what its document depends on (the
    /// server's version and `fingerprint`, the CRDs') so that kubectl's cache of documents is refreshed when it changes.
    static func openAPIRoot(_ registry: ResourceRegistry, fingerprint: String) -> JSONValue {
        let hash = OpenAPIDocuments.hash([.string(gitVersion), .string(fingerprint)])
        var paths = JSONObject()
        for type in registry.types {
            for version in type.versions {
                let path = OpenAPIDocuments.v3Path(group: type.group, version: version)
                if paths[path] == nil { paths[path] = ["serverRelativeURL": .string("/openapi/v3/\(path)?hash=\(hash)")] }
            }
        }
        return ["paths": .object(paths.sortedByKey())]
    }

    /// `/openapi/v3/{api/v1|apis/g/v}`: a PATCH operation per kind advertising `fieldValidation`, which is what kubectl checks.
    /// The review kinds get one too: without it kubectl falls back to `/openapi/v2` in protobuf (not served) to
    /// learn whether the server validates a `SubjectAccessReview` it creates, and fails.
    static func openAPIDocument(_ registry: ResourceRegistry, group: String, version: String) -> JSONValue? {
        let types = registry.types(group: group, version: version)
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
