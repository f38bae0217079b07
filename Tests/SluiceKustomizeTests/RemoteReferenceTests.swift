import SluiceKustomize
import Testing

/// Remote references parsed as kustomize v5.5.0's `NewRepoSpecFromURL` parses them (api/internal/git/repospec.go):
/// the clone URL handed to Git, the kustomization's path inside the repository and the query's ref, timeout and
/// submodules. Inputs are the project's own, covering each rule of the parser.
@Suite struct RemoteReferenceTests {
    struct Expected: Sendable, CustomTestStringConvertible {
        var input: String
        var clone: String
        var path: String
        var ref: String?
        var testDescription: String { input }
    }

    static let accepted: [Expected] = [
        // `//` ends the repository; the query gives the ref.
        .init(input: "https://git.example.net/team/deploy//overlays/prod?ref=v1.2.3", clone: "https://git.example.net/team/deploy",
              path: "overlays/prod", ref: "v1.2.3"),
        // go-getter's `git::` is dropped; `.git` ends the repository.
        .init(input: "git::https://git.example.net/team/deploy.git/base?ref=main", clone: "https://git.example.net/team/deploy.git",
              path: "base", ref: "main"),
        // GitHub without a scheme: https, two segments for the repository.
        .init(input: "github.com/acme/platform/apps/web?ref=release-7", clone: "https://github.com/acme/platform", path: "apps/web",
              ref: "release-7"),
        .init(input: "GitHub.com/acme/platform", clone: "https://github.com/acme/platform", path: "", ref: nil),
        // http to GitHub becomes https.
        .init(input: "http://github.com/acme/platform//apps", clone: "https://github.com/acme/platform", path: "apps", ref: nil),
        // SCP style, with any user name; `/` after GitHub's host is read as `:`.
        .init(input: "git@github.com:acme/platform.git/apps/web", clone: "git@github.com:acme/platform.git", path: "apps/web", ref: nil),
        .init(input: "deploy-bot@github.com/acme/platform.git", clone: "deploy-bot@github.com:acme/platform.git", path: "", ref: nil),
        .init(input: "builder@git.example.net:ops/clusters.git//staging?version=v3", clone: "builder@git.example.net:ops/clusters.git",
              path: "staging", ref: "v3"),
        // ssh with a port; ssh to GitHub becomes SCP style.
        .init(input: "ssh://git@git.example.net:2222/ops/clusters.git/prod", clone: "ssh://git@git.example.net:2222/ops/clusters.git",
              path: "prod", ref: nil),
        .init(input: "ssh://git@github.com/acme/platform.git", clone: "git@github.com:acme/platform.git", path: "", ref: nil),
        // Azure's `_git/NAME`: the repository ends at the next segment.
        .init(input: "https://dev.azure.com/acme/infra/_git/manifests/apps/api?ref=main",
              clone: "https://dev.azure.com/acme/infra/_git/manifests", path: "apps/api", ref: "main"),
        // file:// takes every segment when there is no marker.
        .init(input: "file:///srv/git/deploy?ref=topic", clone: "file:///srv/git/deploy", path: "", ref: "topic"),
        // ref wins over version; a `.git` inside the query does not split the path.
        .init(input: "https://git.example.net/team/deploy?version=v1&ref=v2", clone: "https://git.example.net/team/deploy", path: "",
              ref: "v2"),
        .init(input: "https://git.example.net/team/deploy/?ref=feature.git/x", clone: "https://git.example.net/team/deploy", path: "",
              ref: "feature.git/x"),
        // A path that climbs but stays inside the repository.
        .init(input: "https://git.example.net/team/deploy.git//a/../b", clone: "https://git.example.net/team/deploy.git", path: "a/../b",
              ref: nil),
    ]

    @Test(arguments: accepted) func parsesAsKustomizeDoes(_ expected: Expected) throws {
        let reference = try KustomizeRemoteReference(parsing: expected.input)
        #expect(reference.cloneURL == expected.clone)
        #expect(reference.path == expected.path)
        #expect(reference.ref == expected.ref)
    }

    static let refused: [(String, String)] = [
        ("/srv/git/deploy", "uri looks like abs path"),
        ("../shared/base", "failed to parse scheme"),
        ("vendor/github.com/acme/platform", "failed to parse scheme"),
        ("ftp://git.example.net/team/deploy", "failed to parse scheme"),
        ("ssh://git.example.net", "failed to parse repo path segment"),
        ("https://git.example.net?ref=v1", "failed to parse repo path segment"),
        ("https://git.example.net/team/deploy.git//x/../../..", "url path exits repo"),
        ("https://github.com/only-one-segment.yaml", "failed to parse repo path segment"),
        ("file:////srv//deploy", "failed to parse repo path segment"),
    ]

    @Test(arguments: refused) func refusesAsKustomizeDoes(_ input: String, _ message: String) {
        #expect {
            try KustomizeRemoteReference(parsing: input)
        } throws: { error in
            (error as? KustomizeError)?.message.contains(message) == true
        }
    }

    @Test func readsTheQueryAsKustomizeDoes() throws {
        let plain = try KustomizeRemoteReference(parsing: "https://git.example.net/team/deploy")
        #expect(plain.timeout == .seconds(27) && plain.submodules)
        let seconds = try KustomizeRemoteReference(parsing: "https://git.example.net/team/deploy?timeout=61&submodules=false")
        #expect(seconds.timeout == .seconds(61) && !seconds.submodules)
        let duration = try KustomizeRemoteReference(parsing: "https://git.example.net/team/deploy?timeout=1m30s&submodules=0")
        #expect(duration.timeout == .seconds(90) && !duration.submodules)
        // Values that do not parse keep the defaults; a query Go cannot parse keeps every default.
        let junk = try KustomizeRemoteReference(parsing: "https://git.example.net/team/deploy?timeout=soon&submodules=perhaps")
        #expect(junk.timeout == .seconds(27) && junk.submodules)
        let broken = try KustomizeRemoteReference(parsing: "https://git.example.net/team/deploy?ref=v1&x=%zz")
        #expect(broken.ref == nil)
        let escaped = try KustomizeRemoteReference(parsing: "https://git.example.net/team/deploy?ref=release%2F1.0")
        #expect(escaped.ref == "release/1.0")
    }

    @Test func tellsFileURLs() {
        #expect(KustomizeRemoteReference.isFileURL("HTTPS://example.net/app.yaml"))
        #expect(KustomizeRemoteReference.isFileURL("http://127.0.0.1:8080/app.yaml"))
        #expect(!KustomizeRemoteReference.isFileURL("github.com/acme/platform"))
    }
}
