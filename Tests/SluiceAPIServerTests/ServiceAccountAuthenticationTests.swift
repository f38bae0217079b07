import AsyncHTTPClient
import Crypto
import Foundation
import HTTPTypes
import NIOCore
import NIOHTTP1
import SluiceTestSupport
import Testing
@testable import SluiceAPIServer

/// Issue 17, authentication and impersonation against a real `sluice cluster serve` with the real kubectl:
/// ServiceAccount tokens (TokenRequest, legacy token Secrets), TokenReview, client certificates from
/// `sluice cluster credentials`, the default ServiceAccount and `kube-root-ca.crt` of new namespaces, and
/// impersonation headers. A user RBAC grants nothing is denied (403) everything but discovery and the self reviews,
/// so an identity is read through `kubectl auth whoami` or the admin's TokenReview.
@Suite("ServiceAccount tokens, client certificates and impersonation", .serialized)
struct ServiceAccountAuthenticationTests {
    /// One request with `headers` besides the `Authorization` of `bearer` (none when `nil`).
    static func request(_ server: TestServer, _ method: String, _ path: String, bearer: String?, headers: [(String, String)] = [],
                        body: String? = nil) async throws -> (status: Int, body: [String: Any])
    {
        var request = HTTPClientRequest(url: server.baseURL + path)
        request.method = HTTPMethod(rawValue: method)
        request.tlsConfiguration = try server.cluster.tlsConfiguration()
        request.headers.add(name: "Content-Type", value: "application/json")
        if let bearer { request.headers.add(name: "Authorization", value: "Bearer \(bearer)") }
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(string: body)) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
        let bytes = try await response.body.collect(upTo: 1 << 20)
        return (Int(response.status.code), (try? TestServer.json(Data(bytes.readableBytesView))) ?? [:])
    }

    /// The admin's TokenReview of `token` (for `audiences`): its `status`.
    static func review(_ server: TestServer, _ token: String, audiences: [String] = []) async throws -> [String: Any] {
        let body = try JSONSerialization.data(withJSONObject: [
            "apiVersion": "authentication.k8s.io/v1", "kind": "TokenReview", "spec": ["token": token, "audiences": audiences],
        ])
        let answer = try await request(server, "POST", "/apis/authentication.k8s.io/v1/tokenreviews", bearer: server.token,
                                       body: String(decoding: body, as: UTF8.self))
        #expect(answer.status == 201)
        return answer.body["status"] as? [String: Any] ?? [:]
    }

    /// The status of a request for the namespace's ConfigMaps with `token`: 401 unauthenticated, 403 authenticated.
    static func statusWith(_ server: TestServer, token: String) async throws -> Int {
        try await request(server, "GET", "/api/v1/namespaces/default/configmaps", bearer: token).status
    }

    @Test(.enabled(if: TestServer.kubectl != nil, "kubectl is not installed"))
    func kubectlCreateTokenAuthenticatesUntilTheAccountIsDeleted() async throws {
        let server = try await TestServer()
        defer { server.stopNow() }
        _ = try await server.ok(["create", "serviceaccount", "robot"])
        let token = try await server.ok(["create", "token", "robot"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let uid = try await server.ok(["get", "serviceaccount", "robot", "-o", "jsonpath={.metadata.uid}"])

        // Authenticated (403 until RBAC grants it anything), and who it is.
        #expect(try await Self.statusWith(server, token: token) == 403)
        let denied = try await server.kubectl(["--token", token, "get", "configmaps"])
        #expect(denied.status != 0 && denied.output.contains("Forbidden") && !denied.output.contains("Unauthorized"), "\(denied.output)")
        let whoami = try await server.ok(["--token", token, "auth", "whoami"])
        #expect(whoami.contains("system:serviceaccount:default:robot")
            && whoami.contains("[system:serviceaccounts system:serviceaccounts:default system:authenticated]"), "\(whoami)")
        let status = try await Self.review(server, token)
        #expect(status["authenticated"] as? Bool == true)
        let user = status["user"] as? [String: Any] ?? [:]
        #expect(user["username"] as? String == "system:serviceaccount:default:robot")
        #expect(user["uid"] as? String == uid)
        #expect(user["groups"] as? [String] == ["system:serviceaccounts", "system:serviceaccounts:default", "system:authenticated"])
        let extra = user["extra"] as? [String: [String]] ?? [:]
        #expect(extra["authentication.kubernetes.io/credential-id"]?.first?.hasPrefix("JTI=") == true)
        // For another audience only when asked for it.
        #expect(try await Self.review(server, token, audiences: ["vault"])["authenticated"] as? Bool == false)
        let vault = try await server.ok(["create", "token", "robot", "--audience", "vault"]).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try await Self.review(server, vault, audiences: ["vault"])["authenticated"] as? Bool == true)
        #expect(try await Self.statusWith(server, token: vault) == 401)
        // Too short a token, and one for an account that does not exist.
        #expect(try await server.kubectl(["create", "token", "robot", "--duration", "1m"]).output.contains("may not specify a duration less than 10 minutes"))
        #expect(try await server.fails(["create", "token", "nobody"]).contains("not found"))
        #expect(try await Self.request(server, "POST", "/api/v1/namespaces/default/serviceaccounts/nobody/token", bearer: server.token,
                                       body: #"{"apiVersion":"authentication.k8s.io/v1","kind":"TokenRequest","spec":{}}"#).status == 404)

        // Bound to a Secret: valid while the Secret is, refused once it is deleted.
        _ = try await server.ok(["create", "secret", "generic", "session"])
        let bound = try await server.ok(["create", "token", "robot", "--bound-object-kind", "Secret", "--bound-object-name", "session"])
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try await Self.statusWith(server, token: bound) == 403)
        _ = try await server.ok(["delete", "secret", "session"])
        #expect(try await Self.statusWith(server, token: bound) == 401)
        #expect(try await server.fails(["create", "token", "robot", "--bound-object-kind", "Secret", "--bound-object-name", "gone"])
            .contains("not found"))

        // Tampered: a claim changed (the signature no longer fits), the algorithm set to none, the signature cut.
        let parts = token.split(separator: ".").map(String.init)
        let claims = try #require(Base64URL.decode(Substring(parts[1])))
        let forged = String(decoding: claims, as: UTF8.self).replacingOccurrences(of: "robot", with: "robo2")
        let none = Base64URL.encode(Array(#"{"alg":"none"}"#.utf8))
        for tampered in [parts[0] + "." + Base64URL.encode(Array(forged.utf8)) + "." + parts[2], none + "." + parts[1] + ".",
                         none + "." + parts[1] + "." + parts[2], parts[0] + "." + parts[1] + ".", token + "x", token + "=",
                         String(token.dropLast(2)) + "AA", String(repeating: "a.", count: 2) + String(repeating: "a", count: 20_000)]
        {
            #expect(try await Self.statusWith(server, token: tampered) == 401, "\(tampered.prefix(80))")
        }
        // Expired: signed with the data directory's key, an hour past its expiry.
        let key = try P256.Signing.PrivateKey(pemRepresentation: try String(contentsOf: server.directory.appendingPathComponent("sa.key"), encoding: .utf8))
        let expired = ServiceAccountTokens(key: key).issue(namespace: "default", name: "robot", uid: uid, audiences: [ServiceAccountTokens.issuer],
                                                           expirationSeconds: 600, now: Date() - 7200).token
        #expect(try await Self.statusWith(server, token: expired) == 401)
        #expect(try await Self.review(server, expired)["error"] as? String == "service account token has expired")

        // Deleted, then recreated under the same name (another uid): the old token stays refused.
        _ = try await server.ok(["delete", "serviceaccount", "robot"])
        #expect(try await Self.statusWith(server, token: token) == 401)
        _ = try await server.ok(["create", "serviceaccount", "robot"])
        #expect(try await Self.statusWith(server, token: token) == 401)
        #expect((try await Self.review(server, token)["error"] as? String)?.contains("does not match claim") == true)
        // Its tokens survive a restart: the signing key is kept in the data directory, owner-only.
        let fresh = try await server.ok(["create", "token", "robot"]).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(FileMode.of(server.directory.appendingPathComponent("sa.key")) == 0o600)
        await server.stop(keepData: true)
        let restarted = try await TestServer(directory: server.directory)
        defer { restarted.stopNow() }
        #expect(try await Self.statusWith(restarted, token: fresh) == 403)
    }

    @Test(.enabled(if: TestServer.kubectl != nil, "kubectl is not installed"))
    func newNamespacesGetTheDefaultAccountAndRootCAAndLegacyTokenSecretsAreFilled() async throws {
        let server = try await TestServer()
        defer { server.stopNow() }
        _ = try await server.ok(["create", "namespace", "team-a"])
        let ca = try String(contentsOf: server.cluster.caCertificate, encoding: .utf8)
        try await eventually {
            try await server.ok(["get", "configmap", "kube-root-ca.crt", "-n", "team-a", "-o", "jsonpath={.data.ca\\.crt}"]) == ca
        }
        try await eventually { try await server.kubectl(["get", "serviceaccount", "default", "-n", "team-a"]).status == 0 }
        // The seeded namespaces have them too; a removed ConfigMap comes back.
        _ = try await server.ok(["get", "serviceaccount", "default", "-n", "kube-system"])
        _ = try await server.ok(["delete", "configmap", "kube-root-ca.crt", "-n", "default"])
        try await eventually { try await server.kubectl(["get", "configmap", "kube-root-ca.crt", "-n", "default"]).status == 0 }

        _ = try await server.ok(["create", "serviceaccount", "builder", "-n", "team-a"])
        let uid = try await server.ok(["get", "serviceaccount", "builder", "-n", "team-a", "-o", "jsonpath={.metadata.uid}"])
        _ = try await server.ok(["apply", "-f", "-"], stdin: """
            apiVersion: v1
            kind: Secret
            metadata:
              name: builder-token
              namespace: team-a
              annotations: {kubernetes.io/service-account.name: builder}
            type: kubernetes.io/service-account-token
            """)
        let encoded = try await eventually { () async throws -> String? in
            let value = try await server.ok(["get", "secret", "builder-token", "-n", "team-a", "-o", "jsonpath={.data.token}"])
            return value.isEmpty ? nil : value
        }
        let token = String(decoding: try #require(Data(base64Encoded: encoded)), as: UTF8.self)
        #expect(try await server.ok(["get", "secret", "builder-token", "-n", "team-a",
                                     "-o", "jsonpath={.metadata.annotations.kubernetes\\.io/service-account\\.uid}"]) == uid)
        #expect(try await server.ok(["get", "secret", "builder-token", "-n", "team-a", "-o", "jsonpath={.data.namespace}"])
            == Data("team-a".utf8).base64EncodedString())
        #expect(try await server.ok(["get", "secret", "builder-token", "-n", "team-a", "-o", "jsonpath={.data.ca\\.crt}"])
            == Data(ca.utf8).base64EncodedString())
        let status = try await Self.review(server, token)
        #expect((status["user"] as? [String: Any])?["username"] as? String == "system:serviceaccount:team-a:builder")
        #expect(try await Self.statusWith(server, token: token) == 403)

        // A copy of the token in another Secret is not the Secret's token: refused once the Secret changes.
        _ = try await server.ok(["patch", "secret", "builder-token", "-n", "team-a", "--type", "merge",
                                 "-p", #"{"data":{"token":"\#(Data("other".utf8).base64EncodedString())"}}"#])
        #expect(try await Self.statusWith(server, token: token) == 401)

        // Deleting the account deletes its token Secrets.
        _ = try await server.ok(["delete", "serviceaccount", "builder", "-n", "team-a"])
        try await eventually { try await server.kubectl(["get", "secret", "builder-token", "-n", "team-a"]).status != 0 }
    }

    @Test(.enabled(if: TestServer.kubectl != nil, "kubectl is not installed"))
    func clientCertificatesFromSluiceClusterCredentials() async throws {
        let server = try await TestServer()
        defer { server.stopNow() }
        let sluice = TestServer.binDirectory.appendingPathComponent("sluice").path
        let kubectl = try #require(TestServer.kubectl)
        func credentials(_ server: TestServer, _ arguments: [String]) async throws -> String {
            let file = server.directory.appendingPathComponent("user-\(UUID().uuidString).kubeconfig")
            let result = try await Shell.execute(sluice, ["cluster", "credentials", "--data", server.directory.path] + arguments)
            #expect(result.status == 0, "\(result.stderr)")
            try result.stdout.write(to: file, atomically: true, encoding: .utf8)
            return file.path
        }
        let admin = try await credentials(server, ["--user", "alice", "--group", "dev", "--group", "system:masters"])
        let whoami = try await Shell.execute(kubectl, ["--kubeconfig", admin, "auth", "whoami", "-o", "json"])
        #expect(whoami.status == 0, "\(whoami.stderr)")
        let info = try TestServer.json(Data(whoami.stdout.utf8))
        let user = (info["status"] as? [String: Any])?["userInfo"] as? [String: Any] ?? [:]
        #expect(user["username"] as? String == "alice")
        #expect(user["groups"] as? [String] == ["dev", "system:masters", "system:authenticated"])
        #expect((user["extra"] as? [String: [String]])?["authentication.kubernetes.io/credential-id"]?.first?.hasPrefix("X509SHA256=") == true)

        let plain = try await credentials(server, ["--user", "bob"])
        let denied = try await Shell.execute(kubectl, ["--kubeconfig", plain, "get", "configmaps"])
        #expect(denied.status != 0 && denied.stderr.contains("Forbidden") && !denied.stderr.contains("Unauthorized"), "\(denied.stderr)")
        #expect(try await Shell.execute(kubectl, ["--kubeconfig", plain, "get", "--raw", "/healthz"]).stdout == "ok")

        // A certificate from another cluster's CA does not get in.
        let other = try await TestServer()
        defer { other.stopNow() }
        let foreign = try await credentials(other, ["--user", "mallory", "--group", "system:masters"])
        let text = try String(contentsOfFile: foreign, encoding: .utf8)
        let pointed = text.replacingOccurrences(of: "https://127.0.0.1:\(other.port)", with: "https://127.0.0.1:\(server.port)")
            .replacingOccurrences(of: try #require(text.split(separator: "\n").first { $0.contains("certificate-authority-data") }),
                                  with: "    certificate-authority-data: \(try Data(contentsOf: server.cluster.caCertificate).base64EncodedString())")
        try pointed.write(toFile: foreign, atomically: true, encoding: .utf8)
        let refused = try await Shell.execute(kubectl, ["--kubeconfig", foreign, "get", "configmaps"])
        #expect(refused.status != 0, "\(refused.stdout)")
        #expect(!refused.stderr.contains("Forbidden"), "\(refused.stderr)")
    }

    @Test(.enabled(if: TestServer.kubectl != nil, "kubectl is not installed"))
    func impersonationIsCheckedAndForgedHeadersAreRefused() async throws {
        let server = try await TestServer()
        defer { server.stopNow() }
        // The admin may impersonate; a ServiceAccount user gets its groups, everyone system:authenticated.
        let whoami = try await server.ok(["--as", "system:serviceaccount:default:robot", "--as-group", "system:masters", "auth", "whoami"])
        #expect(whoami.contains("system:serviceaccount:default:robot") && whoami.contains("[system:masters system:authenticated]"), "\(whoami)")
        let alice = try await server.ok(["--as", "alice", "--as-group", "dev", "--as-group", "system:masters", "auth", "whoami", "-o", "json"])
        let info = try TestServer.json(Data(alice.utf8))
        let user = (info["status"] as? [String: Any])?["userInfo"] as? [String: Any] ?? [:]
        #expect(user["username"] as? String == "alice")
        #expect(user["groups"] as? [String] == ["dev", "system:masters", "system:authenticated"])
        // Impersonated without system:masters: authenticated as alice, then denied (403 naming alice).
        let denied = try await Self.request(server, "GET", "/api/v1/namespaces/default/configmaps", bearer: server.token,
                                            headers: [("Impersonate-User", "alice")])
        #expect(denied.status == 403)
        #expect((denied.body["message"] as? String)?.contains("User \"alice\" cannot") == true, "\(denied.body)")

        // A ServiceAccount's token cannot impersonate the admin, the masters group, or another account.
        _ = try await server.ok(["create", "serviceaccount", "robot"])
        let token = try await server.ok(["create", "token", "robot"]).trimmingCharacters(in: .whitespacesAndNewlines)
        for headers in [[("Impersonate-User", "kubernetes-admin")],
                        [("Impersonate-User", "system:serviceaccount:default:robot"), ("Impersonate-Group", "system:masters")],
                        [("Impersonate-User", "system:serviceaccount:kube-system:default")],
                        [("Impersonate-User", "system:serviceaccount:default:robot"), ("Impersonate-Uid", "x")],
                        [("Impersonate-User", "system:serviceaccount:default:robot"), ("Impersonate-Extra-scopes", "all")]]
        {
            let answer = try await Self.request(server, "GET", "/api/v1/namespaces/default/configmaps", bearer: token, headers: headers)
            #expect(answer.status == 403, "\(headers)")
            #expect((answer.body["message"] as? String)?.contains("User \"system:serviceaccount:default:robot\" cannot impersonate") == true,
                    "\(answer.body)")
        }
        // Granted impersonate on the user alice (only), it may act as alice, and as nobody else.
        _ = try await server.ok(["create", "clusterrole", "impersonate-alice", "--verb=impersonate", "--resource=users", "--resource-name=alice"])
        _ = try await server.ok(["create", "clusterrolebinding", "robot-as-alice", "--clusterrole=impersonate-alice",
                                 "--serviceaccount=default:robot"])
        let asAlice = try await eventually { () async throws -> String? in
            let result = try await server.kubectl(["--token", token, "--as", "alice", "auth", "whoami"])
            return result.status == 0 ? result.output : nil
        }
        #expect(asAlice.contains("alice") && !asAlice.contains("robot"), "\(asAlice)")
        let asBob = try await Self.request(server, "GET", "/api/v1/namespaces/default/configmaps", bearer: token,
                                           headers: [("Impersonate-User", "bob")])
        #expect(asBob.status == 403)
        #expect(asBob.body["message"] as? String
            == #"users "bob" is forbidden: User "system:serviceaccount:default:robot" cannot impersonate resource "users" in API group "" at the cluster scope"#)
        let asAliceInMasters = try await Self.request(server, "GET", "/api/v1/namespaces/default/configmaps", bearer: token,
                                                      headers: [("Impersonate-User", "alice"), ("Impersonate-Group", "system:masters")])
        #expect(asAliceInMasters.status == 403)
        #expect((asAliceInMasters.body["message"] as? String)?.hasPrefix(#"groups "system:masters" is forbidden"#) == true, "\(asAliceInMasters.body)")
        let viaKubectl = try await server.kubectl(["--token", token, "--as", "kubernetes-admin", "get", "configmaps"])
        #expect(viaKubectl.status != 0 && viaKubectl.output.contains("Forbidden"), "\(viaKubectl.output)")
        // Malformed: groups, a uid or extras without a user are a 400; without credentials impersonation is a 401.
        for headers in [[("Impersonate-Group", "system:masters")], [("Impersonate-Uid", "1")], [("Impersonate-Extra-a", "b")],
                        [("Impersonate-User", ""), ("Impersonate-Group", "system:masters")]]
        {
            #expect(try await Self.request(server, "GET", "/api/v1/namespaces", bearer: server.token, headers: headers).status == 400, "\(headers)")
        }
        #expect(try await Self.request(server, "GET", "/api/v1/namespaces", bearer: nil, headers: [("Impersonate-User", "kubernetes-admin"),
                                                                                                   ("Impersonate-Group", "system:masters")]).status == 401)
    }
}

/// The parts of impersonation and tokens that need no server.
@Suite("Impersonation headers and token decoding")
struct ImpersonationHeaderTests {
    @Test func serviceAccountUsersGetTheirGroupsAndEveryPartIsChecked() throws {
        var headers = HTTPFields()
        headers[HTTPField.Name("Impersonate-User")!] = "system:serviceaccount:team-a:deployer"
        let requested = try #require(try Impersonation.requestedUser(headers))
        #expect(requested.user.groups == ["system:serviceaccounts", "system:serviceaccounts:team-a", "system:authenticated"])
        #expect(requested.parts == [.init(resource: "serviceaccounts", namespace: "team-a", name: "deployer")])

        headers.append(HTTPField(name: HTTPField.Name("Impersonate-Group")!, value: "a"))
        headers.append(HTTPField(name: HTTPField.Name("Impersonate-Group")!, value: "b"))
        headers.append(HTTPField(name: HTTPField.Name("Impersonate-Extra-example.org%2Fscope")!, value: "x"))
        headers.append(HTTPField(name: HTTPField.Name("Impersonate-Uid")!, value: "u-1"))
        let full = try #require(try Impersonation.requestedUser(headers))
        #expect(full.user.groups == ["a", "b", "system:authenticated"])
        #expect(full.user.extra == ["example.org/scope": ["x"]])
        #expect(full.user.uid == "u-1")
        #expect(full.parts.map(\.resource) == ["serviceaccounts", "groups", "groups", "userextras", "uids"])
        #expect(full.parts[3].subresource == "example.org/scope")

        // Not a ServiceAccount name (three parts, an invalid namespace): a plain user.
        for name in ["system:serviceaccount:a:b:c", "system:serviceaccount:A:b", "system:serviceaccount::b"] {
            var plain = HTTPFields()
            plain[HTTPField.Name("Impersonate-User")!] = name
            #expect(try Impersonation.requestedUser(plain)?.parts.first?.resource == "users", "\(name)")
        }
        var anonymous = HTTPFields()
        anonymous[HTTPField.Name("Impersonate-User")!] = "system:anonymous"
        #expect(try Impersonation.requestedUser(anonymous)?.user.groups == ["system:unauthenticated"])
        #expect(try Impersonation.requestedUser(HTTPFields()) == nil)
    }

    @Test func base64URLIsStrict() {
        #expect(Base64URL.decode("YQ") == Array("a".utf8))
        for bad in ["YQ==", "YR", "Y", "Y+", "Y/", "YQ ", "a.b"] { #expect(Base64URL.decode(Substring(bad)) == nil, "\(bad)") }
    }

    @Test func tokensOfAnotherKeyOrAlgorithmAreRejectedBeforeTheirClaims() throws {
        let tokens = ServiceAccountTokens(key: P256.Signing.PrivateKey())
        let other = ServiceAccountTokens(key: P256.Signing.PrivateKey())
        let token = tokens.issue(namespace: "a", name: "b", uid: "u", audiences: ["x"], expirationSeconds: 600).token
        #expect(throws: Never.self) { try tokens.verifiedClaims(token) }
        let foreign = other.issue(namespace: "a", name: "b", uid: "u", audiences: ["x"], expirationSeconds: 600).token
        #expect(throws: ServiceAccountTokens.Rejection.self) { try tokens.verifiedClaims(foreign) }
        let parts = token.split(separator: ".")
        for alg in ["none", "HS256", "RS256", "es256"] {
            let header = Base64URL.encode(Array(#"{"alg":"\#(alg)","kid":"\#(tokens.keyID)"}"#.utf8))
            #expect(throws: ServiceAccountTokens.Rejection.self) { try tokens.verifiedClaims(header + "." + parts[1] + "." + parts[2]) }
        }
        #expect(throws: ServiceAccountTokens.Rejection.self) { try tokens.verifiedClaims("not-a-token") }
    }
}
