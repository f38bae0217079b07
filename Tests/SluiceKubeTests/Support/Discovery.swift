import Foundation
import SluiceCore

/// Canned discovery documents: core v1 (namespaces, configmaps, secrets) and `example.com/v1` widgets.
enum Discovery {
    static let coreResources: JSONValue = [
        "kind": "APIResourceList", "groupVersion": "v1",
        "resources": [
            ["name": "namespaces", "singularName": "namespace", "namespaced": false, "kind": "Namespace",
             "verbs": ["create", "delete", "get", "list", "patch", "update", "watch"], "shortNames": ["ns"]],
            ["name": "namespaces/status", "singularName": "", "namespaced": false, "kind": "Namespace", "verbs": ["get", "patch", "update"]],
            ["name": "configmaps", "singularName": "configmap", "namespaced": true, "kind": "ConfigMap",
             "verbs": ["create", "delete", "get", "list", "patch", "update", "watch"], "shortNames": ["cm"]],
            ["name": "secrets", "singularName": "secret", "namespaced": true, "kind": "Secret",
             "verbs": ["create", "delete", "get", "list", "patch", "update", "watch"]],
        ],
    ]

    static func widgetResources() -> JSONValue {
        [
            "kind": "APIResourceList", "groupVersion": "example.com/v1",
            "resources": [
                ["name": "widgets", "singularName": "widget", "namespaced": true, "kind": "Widget",
                 "verbs": ["get", "list", "watch", "create", "update", "patch", "delete"], "shortNames": ["wd"]],
                ["name": "widgets/status", "singularName": "", "namespaced": true, "kind": "Widget", "verbs": ["get", "patch", "update"]],
            ],
        ]
    }

    static func isDiscoveryPath(_ path: String) -> Bool {
        path == "/api" || path == "/apis" || path == "/api/v1" || (path.hasPrefix("/apis/") && path.split(separator: "/").count == 3)
    }

    /// The discovery answer for `path`, or `nil` when it is not a discovery path.
    static func respond(_ path: String, withWidgets: Bool = true) -> FakeResponse? {
        switch path {
        case "/api": return .json(["kind": "APIVersions", "versions": ["v1"]])
        case "/api/v1": return .json(coreResources)
        case "/apis":
            return .json(["kind": "APIGroupList", "apiVersion": "v1", "groups": withWidgets ? [
                ["name": "example.com", "versions": [["groupVersion": "example.com/v1", "version": "v1"]],
                 "preferredVersion": ["groupVersion": "example.com/v1", "version": "v1"]],
            ] : []])
        case "/apis/example.com/v1":
            return withWidgets ? .json(widgetResources()) : .status(404, reason: "NotFound", message: "the server could not find the requested resource")
        default: return nil
        }
    }
}
