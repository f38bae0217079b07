import Foundation
import Logging
import SluiceAPI
import SluiceArchive
import Testing
@testable import SourceController

/// The copy rules of an ArtifactGenerator on in-memory trees: source-watcher's cp-like semantics, excludes, Merge,
/// Extract, and patterns that cannot leave their trees or cost more than their size.
@Suite struct ArtifactComposerTests {
    static func tree(_ files: [String: String]) throws -> ArtifactTree {
        var tree = ArtifactTree()
        for (path, text) in files { try tree.write(path, ArtifactTree.File(contents: Array(text.utf8), isExecutable: false)) }
        return tree
    }

    static func compose(_ copy: [CopyOperation], sources: [String: ArtifactTree]) throws -> [String: String] {
        let composer = ArtifactComposer(sources: sources, maxSize: 1 << 20, logger: Logger(label: "test"))
        let tree = try composer.compose(OutputArtifact(name: "out", copy: copy))
        var files: [String: String] = [:]
        for path in tree.paths(under: "") { if let file = tree.file(path) { files[path] = String(decoding: file.contents, as: UTF8.self) } }
        return files
    }

    @Test func copiesLikeSourceWatcher() throws {
        let repo = try Self.tree(["deploy/a.yaml": "a", "deploy/sub/b.yaml": "b", "deploy/README.md": "r", "top.yaml": "t"])
        #expect(try Self.compose([CopyOperation(from: "@repo/deploy/**", to: "@artifact/", exclude: ["*.md"])], sources: ["repo": repo])
            == ["a.yaml": "a", "sub/b.yaml": "b"])
        #expect(try Self.compose([CopyOperation(from: "@repo/deploy", to: "@artifact/x/")], sources: ["repo": repo]).keys.sorted()
            == ["x/deploy/README.md", "x/deploy/a.yaml", "x/deploy/sub/b.yaml"])
        #expect(try Self.compose([CopyOperation(from: "@repo/top.yaml", to: "@artifact/renamed.yaml")], sources: ["repo": repo]) == ["renamed.yaml": "t"])
        #expect(try Self.compose([CopyOperation(from: "@repo/*.yaml", to: "@artifact/d/")], sources: ["repo": repo]) == ["d/top.yaml": "t"])
    }

    @Test func mergesValuesAsHelm() throws {
        let repo = try Self.tree(["base.yaml": "a: 1\nm:\n  x: 1\n  l: [1]\n", "prod.yaml": "m:\n  y: 2\n  l: [2]\n---\nb: true\n"])
        let merged = try Self.compose([
            CopyOperation(from: "@repo/base.yaml", to: "@artifact/values.yaml"),
            CopyOperation(from: "@repo/prod.yaml", to: "@artifact/values.yaml", strategy: "Merge"),
        ], sources: ["repo": repo])
        // yaml.v2 quotes `y`, a YAML 1.1 boolean, as source-watcher's output does.
        #expect(merged == ["values.yaml": "a: 1\nb: true\nm:\n  l:\n  - 2\n  x: 1\n  \"y\": 2\n"])
    }

    @Test func extractsTarballs() throws {
        var tar = TarWriter()
        tar.appendFile("chart/Chart.yaml", contents: Array("name: chart\n".utf8))
        tar.finish()
        var repo = try Self.tree(["notes.txt": "n"])
        try repo.write("pkg/chart-1.0.0.tgz", ArtifactTree.File(contents: Gzip.compress(tar.bytes), isExecutable: false))
        #expect(try Self.compose([CopyOperation(from: "@repo/**/*.tgz", to: "@artifact/charts/", strategy: "Extract")], sources: ["repo": repo])
            == ["charts/chart/Chart.yaml": "name: chart\n"])
    }

    @Test(arguments: [
        ("@repo/../x", "@artifact/", "must not contain '..'"),
        ("@repo//etc", "@artifact/", "must be a relative path"),
        ("@repo/a", "@artifact/../up", "must not contain '..'"),
        ("@repo/a", "@other/", "destination must start with '@artifact/'"),
        ("repo/a", "@artifact/", "source must start with '@'"),
        ("@nope/a", "@artifact/", "source alias 'nope' not found"),
        ("@repo/missing/*", "@artifact/", "no files match pattern 'missing/*' in source 'repo'"),
    ])
    func refusesWithACause(from: String, to: String, cause: String) throws {
        let repo = try Self.tree(["a": "a"])
        #expect {
            try Self.compose([CopyOperation(from: from, to: to)], sources: ["repo": repo])
        } throws: { error in
            "\(error)".hasPrefix("failed to apply copy operation from '\(from)' to '\(to)'") && "\(error)".contains(cause)
        }
    }

    @Test func aPatternOfManyDoubleStarsStaysCheap() {
        let glob = PathGlob(String(repeating: "**/", count: 300) + "z")
        let path = Array(repeating: "a", count: 200).joined(separator: "/")
        #expect(!glob.matches(path))
        #expect(glob.matches(path + "/z"))
    }

    @Test func adler32MatchesGo() {
        // hash/adler32.Checksum([]byte("Wikipedia")) == 0x11E60398.
        #expect(Adler32.checksum(Array("Wikipedia".utf8)) == 0x11E6_0398)
    }
}
