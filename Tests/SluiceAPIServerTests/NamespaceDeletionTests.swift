import Foundation
import SluiceTestSupport
import Testing

/// Namespaces have no `deletecollection`, as in Kubernetes: one request must not terminate every namespace.
@Suite struct NamespaceDeletionTests {
    static func namespaces(_ server: TestServer) async throws -> [String: String] {
        let list = try TestServer.json(try await server.http("GET", "/api/v1/namespaces").body)
        var phases: [String: String] = [:]
        for item in list["items"] as? [[String: Any]] ?? [] {
            let name = (item["metadata"] as? [String: Any])?["name"] as? String ?? ""
            phases[name] = (item["status"] as? [String: Any])?["phase"] as? String ?? ""
        }
        return phases
    }

    @Test func deletingTheNamespaceCollectionIsNotAllowed() async throws {
        let server = try await TestServer()
        defer { server.stopNow() }
        try await server.ok(["create", "namespace", "team"])
        try await server.ok(["create", "configmap", "keep", "-n", "default", "--from-literal=k=v"])
        let before = try await Self.namespaces(server)
        #expect(Set(before.keys).isSuperset(of: ["default", "kube-system", "kube-public", "kube-node-lease", "team"]))

        for path in ["/api/v1/namespaces", "/api/v1/namespaces?labelSelector=kubernetes.io%2Fmetadata.name", "/api/v1/namespaces?dryRun=All"] {
            let answer = try await server.http("DELETE", path)
            #expect(answer.status == 405, "DELETE \(path)")
            #expect(try TestServer.json(answer.body)["reason"] as? String == "MethodNotAllowed")
        }
        // The real kubectl, with the kubeconfig's credentials, is refused the same way.
        let raw = try await server.kubectl(["delete", "--raw", "/api/v1/namespaces"])
        #expect(raw.output.contains("MethodNotAllowed") || raw.output.contains("405") || raw.output.contains("not allowed"), "\(raw.output)")
        #expect(try await Self.namespaces(server) == before, "nothing is deleted or terminating")
        #expect(try await server.http("GET", "/api/v1/namespaces/default/configmaps/keep").status == 200)

        // Discovery does not advertise the verb, so clients do not try it.
        let discovery = try TestServer.json(try await server.http("GET", "/api/v1").body)
        let namespaces = (discovery["resources"] as? [[String: Any]] ?? []).first { $0["name"] as? String == "namespaces" }
        let verbs = namespaces?["verbs"] as? [String] ?? []
        #expect(verbs.contains("delete") && !verbs.contains("deletecollection"), "\(verbs)")

        // `kubectl delete namespaces --all` deletes one by one; the namespaces every cluster has are refused.
        let all = try await server.kubectl(["delete", "namespaces", "--all", "--wait=false"])
        #expect(all.output.contains("Forbidden"), "\(all.output)")
        let after = try await Self.namespaces(server)
        for name in ["default", "kube-system", "kube-public"] {
            #expect(after[name] == "Active", "\(name) is \(after[name] ?? "gone")")
        }
        #expect(try await server.http("GET", "/api/v1/namespaces/default/configmaps/keep").status == 200)
    }
}
