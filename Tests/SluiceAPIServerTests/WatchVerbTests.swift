import Foundation
import SluiceTestSupport
import Testing

/// A list and a watch are different verbs to RBAC: the real server answers a request as the verb it authorized, and
/// reads `?watch=` as Kubernetes does (only absent, `0` and `false` in any case are a list; `True`, `t`, `yes` and
/// even an empty value are a watch), so a user allowed to watch never receives a list.
@Suite struct WatchVerbTests {
    static let configMaps = "/api/v1/namespaces/t/configmaps"

    /// `watcher` may only watch ConfigMaps in `t`, `lister` may only list them.
    static let policy = "apiVersion: v1\nkind: Namespace\nmetadata: {name: t}\n" + role(for: "watcher", verb: "watch") + role(for: "lister", verb: "list")

    /// A Role in `t` allowing `verb` on ConfigMaps, bound to `user`.
    static func role(for user: String, verb: String) -> String {
        """
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata: {name: \(verb)-only, namespace: t}
        rules: [{apiGroups: [""], resources: [configmaps], verbs: [\(verb)]}]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: \(user), namespace: t}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: \(verb)-only}
        subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: \(user)}]

        """
    }

    /// `path` requested as `user` (impersonated by the admin) until the answer is complete or, for a watch, its first
    /// event has arrived.
    func request(_ server: TestServer, _ path: String, as user: String) async throws -> CurlWatch {
        let client = try CurlWatch(server, path, headers: ["Impersonate-User: \(user)"])
        try await eventually { !client.process.isRunning || client.body.contains("\"kept\"") }
        return client
    }

    @Test func aRequestIsAnsweredAsTheVerbItWasAuthorizedFor() async throws {
        let server = try await TestServer()
        defer { server.stopNow() }
        try await server.ok(["apply", "-f", "-"], stdin: Self.policy)
        try await server.ok(["create", "configmap", "kept", "-n", "t", "--from-literal=data=for-listers-only"])

        for spelling in ["True", "t", "TRUE", "yes", ""] {
            let watch = try await request(server, "\(Self.configMaps)?watch=\(spelling)", as: "watcher")
            defer { watch.end() }
            #expect(watch.status == 200, "watch=\(spelling): \(watch.headers)\(watch.body)")
            #expect(watch.body.contains(#""type":"ADDED""#) && !watch.body.contains("ConfigMapList"), "watch=\(spelling): \(watch.body)")
            let refused = try await request(server, "\(Self.configMaps)?watch=\(spelling)", as: "lister")
            #expect(refused.status == 403 && refused.body.contains(#"cannot watch resource \"configmaps\""#),
                    "watch=\(spelling): \(refused.headers)\(refused.body)")
        }
        for spelling in ["0", "false", "FALSE"] {
            let list = try await request(server, "\(Self.configMaps)?watch=\(spelling)", as: "lister")
            #expect(list.status == 200 && list.body.contains("ConfigMapList"), "watch=\(spelling): \(list.headers)\(list.body)")
            let refused = try await request(server, "\(Self.configMaps)?watch=\(spelling)", as: "watcher")
            #expect(refused.status == 403 && refused.body.contains(#"cannot list resource \"configmaps\""#),
                    "watch=\(spelling): \(refused.headers)\(refused.body)")
        }
    }
}
