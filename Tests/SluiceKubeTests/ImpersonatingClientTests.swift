import Foundation
import SluiceCore
import Testing
@testable import SluiceKube

/// ``KubernetesClient/impersonating(user:groups:)`` against a real HTTP listener: the headers on every request of the
/// impersonating client, watches included, and never on the client it was made from.
@Suite("impersonating client over HTTP")
struct ImpersonatingClientTests {
    @Test func everyRequestOfTheImpersonatingClientCarriesTheHeadersAndOnlyItsRequests() async throws {
        let server = try await FakeAPIServer.start { request in
            if let discovery = Discovery.respond(request.path) { return discovery }
            if request.query["watch"] == "true" { return .watch([Fixtures.event("ADDED", Fixtures.configMapJSON("a", rv: "5"))]) }
            switch request.method {
            case "GET": return .json(Fixtures.configMapJSON("settings", rv: "7"))
            case "PATCH": return .json(Fixtures.configMapJSON("settings", rv: "8"))
            default: return .status(404, reason: "NotFound", message: "no")
            }
        }
        defer { server.stop() }
        let controller = try ClientHTTPTests.client(server)
        let tenant = controller.impersonating(serviceAccount: "dev-team", namespace: "apps")
        let grouped = controller.impersonating(user: "jane", groups: ["tenants"])
        #expect(tenant.impersonation == ImpersonatedUser(user: "system:serviceaccount:apps:dev-team"))
        #expect(controller.impersonation == nil)
        #expect(tenant.mapper === controller.mapper)

        // Interleaved: the controller's own requests, the tenant's get, apply and watch, the grouped user's get.
        _ = try await controller.get(Fixtures.configMap, namespace: "apps", name: "settings")
        _ = try await tenant.get(Fixtures.configMap, namespace: "apps", name: "settings")
        _ = try await tenant.apply(KubeObject(apiVersion: "v1", kind: "ConfigMap", name: "settings", namespace: "apps"),
                                   fieldManager: "kustomize-controller", force: true, dryRun: true)
        for try await _ in tenant.watch(Fixtures.configMap, namespace: "apps", resourceVersion: "1") {}
        _ = try await grouped.get(Fixtures.configMap, namespace: "apps", name: "settings")
        _ = try await controller.get(Fixtures.configMap, namespace: "apps", name: "settings")

        let requests = await server.log.nonDiscovery
        let seen = requests.map { [$0.method, $0.query["watch"] ?? "", $0.headers["impersonate-user"] ?? "-", $0.headers["impersonate-group"] ?? "-"] }
        #expect(seen == [
            ["GET", "", "-", "-"],
            ["GET", "", "system:serviceaccount:apps:dev-team", "-"],
            ["PATCH", "", "system:serviceaccount:apps:dev-team", "-"],
            ["GET", "true", "system:serviceaccount:apps:dev-team", "-"],
            ["GET", "", "jane", "tenants"],
            ["GET", "", "-", "-"],
        ])
        // The same credentials for all: impersonation is asked for by the controller's own identity.
        #expect(requests.allSatisfy { $0.headers["authorization"] == "Bearer t0ken" })
        // Discovery is shared and read without impersonation.
        #expect(await server.log.requests.filter { Discovery.isDiscoveryPath($0.path) }.allSatisfy { $0.headers["impersonate-user"] == nil })
    }
}
