import Foundation
import SluiceCore
import SluiceTestSupport
import Testing
@testable import SluiceKube

/// A kubeconfig user's `as`, `as-groups`, `as-uid` and `as-user-extra` are honoured as client-go honours them, and
/// `proxy-url` is refused rather than silently bypassed.
@Suite("kubeconfig impersonation and proxy-url")
struct KubeconfigImpersonationTests {
    static func configuration(user: String, cluster: String = "") throws -> ClientConfiguration {
        let text = """
            apiVersion: v1
            kind: Config
            current-context: spoke
            clusters:
            - name: spoke
              cluster:
                server: https://spoke.example:6443
            \(cluster)
            users:
            - name: admin
              user:
                token: t0ken
            \(user)
            contexts:
            - name: spoke
              context: {cluster: spoke, user: admin}
            """
        return try ClientConfiguration.fromInlineKubeconfig(Array(text.utf8), source: "Secret 'apps/spoke' key 'value'")
    }

    @Test func asAndItsCompanionsBecomeTheImpersonation() throws {
        let configuration = try Self.configuration(user: """
                as: jane
                as-groups: [devs, "system:authenticated"]
                as-uid: "1234"
                as-user-extra:
                  scopes.example.com/team: [blue]
            """)
        let impersonation = try #require(configuration.impersonation)
        #expect(impersonation == ImpersonatedUser(user: "jane", groups: ["devs", "system:authenticated"], uid: "1234",
                                                  extra: ["scopes.example.com/team": ["blue"]]))
        #expect(impersonation.headers.map { "\($0.name): \($0.value)" } == [
            "Impersonate-User: jane", "Impersonate-Group: devs", "Impersonate-Group: system:authenticated",
            "Impersonate-Uid: 1234", "Impersonate-Extra-scopes.example.com%2Fteam: blue",
        ])
        #expect(try Self.configuration(user: "").impersonation == nil)
    }

    @Test func groupsWithoutAUserAreRefused() {
        #expect(throws: KubeConfigError.self) { try Self.configuration(user: "    as-groups: [devs]") }
        do {
            _ = try Self.configuration(user: "    as-uid: \"7\"")
        } catch {
            #expect("\(error)".contains("user \"admin\": as-groups, as-uid or as-user-extra is set without as"), "\(error)")
        }
    }

    @Test func proxyURLIsRefusedNamingTheCluster() {
        do {
            _ = try Self.configuration(user: "", cluster: "    proxy-url: http://proxy.example:3128")
            Issue.record("a kubeconfig with proxy-url was accepted")
        } catch {
            #expect("\(error)".contains("cluster \"spoke\": proxy-url is not supported"), "\(error)")
        }
    }

    /// Against the real `sluice cluster serve`: the admin's kubeconfig with `as: jane` acts as jane, whom RBAC denies.
    @Test(.enabled(if: ServerAvailable.sluiceClusterServe)) func theServerSeesTheImpersonatedUser() async throws {
        let server = try await EmbeddedServer.start()
        defer { server.stop() }
        var text = try String(contentsOfFile: server.kubeconfig, encoding: .utf8)
        let tokenLine = try #require(text.split(separator: "\n").first { $0.contains("token:") })
        let indent = tokenLine.prefix { $0 == " " }
        text = text.replacingOccurrences(of: String(tokenLine), with: "\(tokenLine)\n\(indent)as: jane\n\(indent)as-groups: [devs]")
        let file = server.dataDirectory.appendingPathComponent("impersonating.kubeconfig")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let jane = try KubernetesClient(configuration: ClientConfiguration.load(kubeconfig: file.path, environment: .init(variables: [:])))
        #expect(jane.impersonation == ImpersonatedUser(user: "jane", groups: ["devs"]))
        do {
            _ = try await jane.get(Fixtures.configMap, namespace: "default", name: "anything")
            Issue.record("jane read a ConfigMap without any RBAC")
        } catch let error as KubernetesError {
            #expect("\(error)".contains("User \"jane\" cannot get resource \"configmaps\""), "\(error)")
        }
        // The admin's own kubeconfig is unaffected.
        _ = try await server.client.get(Fixtures.configMap, namespace: "default", name: "anything")
    }
}
