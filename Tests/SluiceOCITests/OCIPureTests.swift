import Foundation
import Testing
@testable import SluiceOCI

/// References, challenges, Docker config credentials, pagination links and tag selection: the client's pure parts.
struct OCIPureTests {
    @Test(arguments: [
        ("oci://ghcr.io/stefanprodan/manifests/podinfo:6.5.0", "ghcr.io", "stefanprodan/manifests/podinfo", "6.5.0", nil),
        ("oci://localhost:5000/app", "localhost:5000", "app", nil, nil),
        ("oci://127.0.0.1:5000/a/b@sha256:" + String(repeating: "a", count: 64), "127.0.0.1:5000", "a/b", nil, "sha256:" + String(repeating: "a", count: 64)),
        ("nginx", "docker.io", "library/nginx", nil, nil),
        ("index.docker.io/org/app:v1", "docker.io", "org/app", "v1", nil),
        ("oci://registry.example.com/team/app__x-y.z:latest", "registry.example.com", "team/app__x-y.z", "latest", nil),
    ] as [(String, String, String, String?, String?)])
    func referencesParseWithDockersNormalisation(_ text: String, registry: String, repository: String, tag: String?, digest: String?) throws {
        let reference = try OCIReference(parsing: text)
        #expect(reference.registry == registry)
        #expect(reference.repository == repository)
        #expect(reference.tag == tag)
        #expect(reference.digest == digest)
    }

    @Test(arguments: ["oci://", "oci://host.io/App", "oci://host.io/a//b", "oci://host.io/a:-bad", "oci://host.io/a@sha256:12",
                      "oci://host.io:99999/a", "oci://host.io/a b", "oci://host.io/a@md5:" + String(repeating: "0", count: 32)])
    func malformedReferencesAreRefusedNamed(_ text: String) {
        #expect(throws: OCIError.self) { try OCIReference(parsing: text) }
        do { _ = try OCIReference(parsing: text) } catch { #expect(error.kind == .invalidReference && error.reference == text) }
    }

    @Test func challengesParseQuotedParametersWithCommasAndEscapes() throws {
        let bearer = try #require(AuthChallenge(header: #"Bearer realm="https://auth.example.com/token",service="registry.example.com",scope="repository:a/b:pull,push""#))
        #expect(bearer.scheme == "bearer")
        #expect(bearer.parameters == ["realm": "https://auth.example.com/token", "service": "registry.example.com", "scope": "repository:a/b:pull,push"])
        let basic = try #require(AuthChallenge(header: #"Basic realm="say \"hi\"", charset=UTF-8"#))
        #expect(basic.scheme == "basic")
        #expect(basic.parameters == ["realm": #"say "hi""#, "charset": "UTF-8"])
        #expect(AuthChallenge(header: "   ") == nil)
    }

    @Test func dockerConfigMatchesHostsAsDockerAndNeverShowsPasswords() throws {
        let json = #"""
            {"auths": {
              "https://index.docker.io/v1/": {"auth": "\#(Data("hub:hubpass".utf8).base64EncodedString())"},
              "http://127.0.0.1:5000/some/path": {"username": "u", "password": "p@ss"},
              "ghcr.io": {"auth": "\#(Data("gh:token:with:colons".utf8).base64EncodedString())"}
            }}
            """#
        let config = try DockerConfig(json: Array(json.utf8), source: "test")
        #expect(config.credentials(for: "docker.io") == OCICredentials(username: "hub", password: "hubpass"))
        #expect(config.credentials(for: "127.0.0.1:5000") == OCICredentials(username: "u", password: "p@ss"))
        #expect(config.credentials(for: "GHCR.io")?.password == "token:with:colons")
        #expect(config.credentials(for: "quay.io") == nil)
        #expect(!"\(config.credentials(for: "docker.io")!)".contains("hubpass"))
        do {
            _ = try DockerConfig(json: Array(#"{"auths":{"h":{"auth":"!!notbase64 secret"}}}"#.utf8), source: "secret 'ns/x'")
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .invalidCredentials)
            #expect(!error.description.contains("secret\""))
            #expect(!error.description.contains("notbase64"))
        }
    }

    @Test func paginationFollowsOnlyThisRepositorysTagList() {
        #expect(OCIClient.nextPage(link: #"</v2/a/b/tags/list?n=2&last=x>; rel="next""#, repository: "a/b") == "/tags/list?n=2&last=x")
        #expect(OCIClient.nextPage(link: #"<https://evil.example/v2/a/b/tags/list?last=x>; rel="next""#, repository: "a/b") == "/tags/list?last=x")
        #expect(OCIClient.nextPage(link: #"</v2/other/tags/list?last=x>; rel="next""#, repository: "a/b") == nil)
        #expect(OCIClient.nextPage(link: #"</v2/a/b/tags/list?last=x>; rel="prev""#, repository: "a/b") == nil)
    }

    @Test func semverSelectionFiltersAndMapsHelmBuildMetadata() throws {
        let tags = ["latest", "v1.0.0", "1.2.0", "1.3.0-rc.1", "2.0.0", "1.2.1_build.5"]
        #expect(try OCITagSelection.highest(satisfying: ">=1.0.0 <2.0.0", among: tags, reference: "r") == "1.2.0")
        #expect(try OCITagSelection.highest(satisfying: "1.x", filter: "^v", among: tags, reference: "r") == "v1.0.0")
        #expect(try OCITagSelection.highest(satisfying: ">=1.2.1", among: ["1.2.1_build.5"], helmChart: true, reference: "r") == "1.2.1_build.5")
        #expect(throws: OCIError.self) { try OCITagSelection.highest(satisfying: ">=3", among: tags, reference: "r") }
    }
}
