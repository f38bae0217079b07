import Foundation
import SluiceArchive
import Testing

@Suite("Flux's source ignore rules")
struct SourceIgnoreTests {
    @Test("the defaults are Flux's ExcludeVCS, ExcludeExt, ExcludeCI and ExcludeExtra, in that order")
    func defaultList() {
        #expect(SourceIgnore.fileName == ".sourceignore")
        #expect(SourceIgnore.defaultPatterns.count == 24)
        #expect(Array(SourceIgnore.defaultPatterns.prefix(4)) == [".git/", ".gitignore", ".gitmodules", ".gitattributes"])
        #expect(SourceIgnore.defaultPatterns[4] == "*.jpg")
        #expect(SourceIgnore.defaultPatterns.last == "**/.flux.yaml")
    }

    @Test("with no ignore files and no spec.ignore, the defaults apply")
    func defaults() throws {
        let directory = try TemporaryDirectory()
        let matcher = try SourceIgnore.matcher(root: directory.url, extra: nil)
        #expect(matcher.isIgnored([".git"], isDirectory: true))
        #expect(matcher.isIgnored([".git", "config"], isDirectory: false))
        #expect(matcher.isIgnored(["sub", ".git"], isDirectory: true))
        #expect(matcher.isIgnored([".gitignore"], isDirectory: false))
        #expect(matcher.isIgnored([".github"], isDirectory: true))
        #expect(matcher.isIgnored([".github", "workflows", "ci.yaml"], isDirectory: false))
        #expect(matcher.isIgnored(["docs", "logo.png"], isDirectory: false))
        #expect(matcher.isIgnored(["release.tar.gz"], isDirectory: false))
        #expect(matcher.isIgnored(["apps", "x", ".sops.yaml"], isDirectory: false))
        #expect(matcher.isIgnored([".travis.yml"], isDirectory: false))
        #expect(!matcher.isIgnored(["deploy", "app.yaml"], isDirectory: false))
        #expect(!matcher.isIgnored([".sourceignore"], isDirectory: false))
        // `.github/` is directory-only: a file of that name stays.
        #expect(!matcher.isIgnored([".github"], isDirectory: false))
    }

    @Test("an empty or comment-only spec.ignore leaves the defaults in place, as Flux's len(patterns) == 0 check does")
    func emptyExtra() throws {
        let directory = try TemporaryDirectory()
        for extra in ["", "# just a comment\n\n"] {
            let matcher = try SourceIgnore.matcher(root: directory.url, extra: extra)
            #expect(matcher.isIgnored(["logo.png"], isDirectory: false))
        }
    }

    @Test("spec.ignore replaces the default excludes except the VCS ones, as Flux's SourceIgnoreFilter does")
    func extraReplacesDefaults() throws {
        let directory = try TemporaryDirectory()
        let matcher = try SourceIgnore.matcher(root: directory.url, extra: "/deploy/**/*.md\n")
        #expect(!matcher.isIgnored(["deploy"], isDirectory: true))
        #expect(matcher.isIgnored(["deploy", "a", "README.md"], isDirectory: false))
        #expect(!matcher.isIgnored(["deploy", "logo.png"], isDirectory: false))
        #expect(!matcher.isIgnored(["deploy", ".github"], isDirectory: true))
        #expect(matcher.isIgnored(["deploy", ".git"], isDirectory: true))
        #expect(matcher.isIgnored(["deploy", ".gitignore"], isDirectory: false))
    }

    @Test("a re-included directory re-includes everything below it, VCS files too, as in go-git")
    func reincludedDirectory() throws {
        let directory = try TemporaryDirectory()
        let matcher = try SourceIgnore.matcher(root: directory.url, extra: "/*\n!/deploy\n")
        #expect(matcher.isIgnored(["src"], isDirectory: true))
        #expect(matcher.isIgnored([".git"], isDirectory: true))
        #expect(!matcher.isIgnored(["deploy"], isDirectory: true))
        #expect(!matcher.isIgnored(["deploy", ".git"], isDirectory: true))
    }

    @Test("a .sourceignore is scoped to its directory, and spec.ignore comes last so it can re-include")
    func nestedAndOrder() throws {
        let directory = try TemporaryDirectory()
        try directory.write(".sourceignore", "# root rules\n*.txt\n")
        try directory.write("apps/.sourceignore", "secret.yaml\r\n/local-only/\n")
        try directory.write("apps/b/.sourceignore", "!keep.txt\n")
        try directory.write(".git/.sourceignore", "everything\n")
        try directory.write("apps/secret.yaml", "x")

        let patterns = try SourceIgnore.load(under: directory.url)
        #expect(patterns.map(\.text) == ["*.txt", "secret.yaml", "/local-only/", "!keep.txt"])
        #expect(patterns.map(\.domain) == [[], ["apps"], ["apps"], ["apps", "b"]])

        let matcher = try SourceIgnore.matcher(root: directory.url, extra: "!notes.txt\n")
        #expect(matcher.isIgnored(["a.txt"], isDirectory: false))
        #expect(!matcher.isIgnored(["notes.txt"], isDirectory: false))
        #expect(matcher.isIgnored(["apps", "secret.yaml"], isDirectory: false))
        #expect(!matcher.isIgnored(["secret.yaml"], isDirectory: false))
        #expect(matcher.isIgnored(["apps", "local-only"], isDirectory: true))
        #expect(!matcher.isIgnored(["apps", "x", "local-only"], isDirectory: true))
        #expect(!matcher.isIgnored(["apps", "b", "keep.txt"], isDirectory: false))
        #expect(matcher.isIgnored(["apps", "keep.txt"], isDirectory: false))
        // Custom patterns replace the non-VCS defaults.
        #expect(!matcher.isIgnored(["logo.png"], isDirectory: false))
        #expect(matcher.isIgnored([".git"], isDirectory: true))
    }

    @Test("a .sourceignore that is a symlink is not read")
    func symlinkedIgnoreFileIsNotRead() throws {
        let outside = try TemporaryDirectory()
        try outside.write("rules", "*.yaml\n")
        let directory = try TemporaryDirectory()
        try directory.symlink(".sourceignore", to: outside.path("rules"))
        #expect(try SourceIgnore.load(under: directory.url).isEmpty)
    }

    @Test("patterns(_:) skips blank lines and comments and drops carriage returns")
    func parsing() {
        let patterns = SourceIgnore.patterns("# c\n\n  \n*.md\r\n!README.md\n\\#hash\n", domain: ["d"])
        #expect(patterns.map(\.text) == ["*.md", "!README.md", "\\#hash"])
        #expect(patterns.allSatisfy { $0.domain == ["d"] })
    }
}
