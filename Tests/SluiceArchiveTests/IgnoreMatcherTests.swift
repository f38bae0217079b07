import Foundation
import SluiceArchive
import SluiceTestSupport
import Testing

/// One row of the matching table: patterns (lowest priority first), a path, whether it is a directory, the answer.
struct IgnoreCase: CustomTestStringConvertible, Sendable {
    var patterns: [String]
    var path: String
    var isDirectory = false
    var ignored: Bool

    var testDescription: String { "\(patterns) \(path)\(isDirectory ? "/" : "") → \(ignored ? "ignored" : "kept")" }
}

@Suite("Ignore patterns")
struct IgnoreMatcherTests {
    static let table: [IgnoreCase] = [
        // A pattern without a slash matches any element.
        IgnoreCase(patterns: ["*.png"], path: "logo.png", ignored: true),
        IgnoreCase(patterns: ["*.png"], path: "a/b/logo.png", ignored: true),
        IgnoreCase(patterns: ["*.png"], path: "logo.pngx", ignored: false),
        IgnoreCase(patterns: ["secret"], path: "secret/inside.yaml", ignored: true),
        // A leading slash anchors to the root.
        IgnoreCase(patterns: ["/root.txt"], path: "root.txt", ignored: true),
        IgnoreCase(patterns: ["/root.txt"], path: "sub/root.txt", ignored: false),
        // A slash in the middle anchors too, element by element.
        IgnoreCase(patterns: ["doc/*.txt"], path: "doc/a.txt", ignored: true),
        IgnoreCase(patterns: ["doc/*.txt"], path: "doc/sub/a.txt", ignored: false),
        IgnoreCase(patterns: ["doc/*.txt"], path: "x/doc/a.txt", ignored: false),
        // A trailing slash: directories only, and everything below them.
        IgnoreCase(patterns: ["build/"], path: "build", isDirectory: true, ignored: true),
        IgnoreCase(patterns: ["build/"], path: "build", isDirectory: false, ignored: false),
        IgnoreCase(patterns: ["build/"], path: "a/build", isDirectory: true, ignored: true),
        IgnoreCase(patterns: ["build/"], path: "build/out.o", ignored: true),
        IgnoreCase(patterns: ["/deploy/"], path: "deploy/app.yaml", ignored: true),
        IgnoreCase(patterns: ["/deploy/"], path: "x/deploy", isDirectory: true, ignored: false),
        // `**` forms.
        IgnoreCase(patterns: ["**/foo"], path: "foo", ignored: true),
        IgnoreCase(patterns: ["**/foo"], path: "a/b/foo", ignored: true),
        IgnoreCase(patterns: ["**/foo"], path: "a/foo/bar", ignored: true),
        IgnoreCase(patterns: ["a/**/b"], path: "a/b", ignored: true),
        IgnoreCase(patterns: ["a/**/b"], path: "a/x/y/b", ignored: true),
        IgnoreCase(patterns: ["a/**/b"], path: "a/x/y/c", ignored: false),
        IgnoreCase(patterns: ["abc/**"], path: "abc/x/y", ignored: true),
        IgnoreCase(patterns: ["/deploy/**/*.md"], path: "deploy/a/b/README.md", ignored: true),
        IgnoreCase(patterns: ["/deploy/**/*.md"], path: "other/README.md", ignored: false),
        // go-git quirks Flux inherits: `abc/**` also matches `abc` itself (git does not), and an element with `**`
        // among other characters never matches in a path pattern.
        IgnoreCase(patterns: ["abc/**"], path: "abc", isDirectory: true, ignored: true),
        IgnoreCase(patterns: ["a/x**/b"], path: "a/xy/b", ignored: false),
        // Another: a directory-only pattern without a slash matches files below any matching directory, so git's
        // "only YAML" idiom `*`, `!*/`, `!*.yaml` re-includes every file in a subdirectory under go-git.
        IgnoreCase(patterns: ["*", "!*/", "!*.yaml"], path: "dir/b.txt", ignored: false),
        IgnoreCase(patterns: ["*", "!*/", "!*.yaml"], path: "b.txt", ignored: true),
        // Negation and priority: the last matching pattern decides.
        IgnoreCase(patterns: ["*.yaml", "!keep.yaml"], path: "keep.yaml", ignored: false),
        IgnoreCase(patterns: ["*.yaml", "!keep.yaml"], path: "drop.yaml", ignored: true),
        IgnoreCase(patterns: ["!keep.yaml", "*.yaml"], path: "keep.yaml", ignored: true),
        IgnoreCase(patterns: ["/*", "!/deploy"], path: "deploy", isDirectory: true, ignored: false),
        IgnoreCase(patterns: ["/*", "!/deploy"], path: "src", isDirectory: true, ignored: true),
        // Escapes and trailing spaces.
        IgnoreCase(patterns: ["\\#hash"], path: "#hash", ignored: true),
        IgnoreCase(patterns: ["\\!bang"], path: "!bang", ignored: true),
        IgnoreCase(patterns: ["trail   "], path: "trail", ignored: true),
        IgnoreCase(patterns: ["space\\ "], path: "space ", ignored: true),
        IgnoreCase(patterns: ["space\\ "], path: "space", ignored: false),
        // Character classes and `?`, as Go's filepath.Match.
        IgnoreCase(patterns: ["[a-c].txt"], path: "b.txt", ignored: true),
        IgnoreCase(patterns: ["[a-c].txt"], path: "d.txt", ignored: false),
        IgnoreCase(patterns: ["[^a].txt"], path: "b.txt", ignored: true),
        IgnoreCase(patterns: ["[^a].txt"], path: "a.txt", ignored: false),
        IgnoreCase(patterns: ["?.md"], path: "a.md", ignored: true),
        IgnoreCase(patterns: ["?.md"], path: "é.md", ignored: true),
        IgnoreCase(patterns: ["?.md"], path: "ab.md", ignored: false),
        IgnoreCase(patterns: ["a*b*c"], path: "aXbYbZc", ignored: true),
        IgnoreCase(patterns: ["a*b*c"], path: "aXbYbZ", ignored: false),
        // A pattern Go rejects never matches.
        IgnoreCase(patterns: ["[a"], path: "[a", ignored: false),
        IgnoreCase(patterns: ["x\\"], path: "x\\", ignored: false),
    ]

    @Test("the matching table", arguments: table)
    func matchingTable(_ row: IgnoreCase) {
        let matcher = IgnoreMatcher(row.patterns.compactMap { IgnorePattern($0) })
        let path = row.path.split(separator: "/").map(String.init)
        #expect(matcher.isIgnored(path, isDirectory: row.isDirectory) == row.ignored)
    }

    @Test("blank lines and comments are not patterns")
    func blankAndComments() {
        #expect(IgnorePattern("") == nil)
        #expect(IgnorePattern("   ") == nil)
        #expect(IgnorePattern("\t") == nil)
        #expect(IgnorePattern("# comment") == nil)
        #expect(IgnorePattern("\\#not-a-comment") != nil)
        let negated = IgnorePattern("!deploy/")
        #expect(negated?.isNegated == true)
        #expect(negated?.isDirectoryOnly == true)
    }

    @Test("a pattern applies only inside its domain")
    func domains() throws {
        let pattern = try #require(IgnorePattern("*.txt", domain: ["sub"]))
        let matcher = IgnoreMatcher([pattern])
        #expect(matcher.isIgnored(["sub", "a.txt"], isDirectory: false))
        #expect(matcher.isIgnored(["sub", "deeper", "a.txt"], isDirectory: false))
        #expect(!matcher.isIgnored(["a.txt"], isDirectory: false))
        #expect(!matcher.isIgnored(["other", "a.txt"], isDirectory: false))
        let anchored = IgnoreMatcher([try #require(IgnorePattern("/only-here", domain: ["sub"]))])
        #expect(anchored.isIgnored(["sub", "only-here"], isDirectory: false))
        #expect(!anchored.isIgnored(["sub", "x", "only-here"], isDirectory: false))
        #expect(!anchored.isIgnored(["sub"], isDirectory: true))
    }

    @Test("decidingPattern names the last matching pattern")
    func decidingPattern() {
        let matcher = IgnoreMatcher(["*.yaml", "!keep.yaml", "other"].compactMap { IgnorePattern($0) })
        #expect(matcher.decidingPattern(for: ["keep.yaml"], isDirectory: false)?.text == "!keep.yaml")
        #expect(matcher.decidingPattern(for: ["x.yaml"], isDirectory: false)?.text == "*.yaml")
        #expect(matcher.decidingPattern(for: ["x.json"], isDirectory: false) == nil)
    }

    /// An ignore file and the tree it is checked against; paths ending in `/` are directories.
    struct GitCase: Sendable, CustomTestStringConvertible {
        var gitignore: String
        var paths: [String]
        var testDescription: String { gitignore.split(separator: "\n").joined(separator: " | ") }
    }

    static let gitCases: [GitCase] = [
        GitCase(
            gitignore: "build/\n*.log\n!important.log\n/root.txt\ndoc/*.txt\n",
            paths: [
                "build/", "build/a.o", "build/keep.txt", "src/build/", "src/build/x", "a.log", "sub/b.log",
                "important.log", "root.txt", "sub/root.txt", "doc/a.txt", "doc/sub/b.txt", "src/main.swift",
            ]),
        GitCase(
            gitignore: "/*\n!/deploy\n/deploy/**/*.md\n/deploy/**/*.txt\n",
            paths: [
                "deploy/", "deploy/app.yaml", "deploy/README.md", "deploy/a/b/notes.txt", "deploy/a/b/c.yaml",
                "src/", "src/x.go", "top.yaml",
            ]),
        GitCase(
            gitignore: "**/secret\n a/**/b\nnode_modules\n\\#hash\n\\!bang\ntrail   \n",
            paths: [
                "secret", "x/secret", "x/y/secret/", "x/y/secret/key", "a/b", "a/q/r/b", "a/q/c", "node_modules/",
                "node_modules/pkg/index.js", "web/node_modules/", "#hash", "!bang", "trail", "trailer",
            ]),
        GitCase(
            gitignore: "*.json\n!keep/*.json\n/*/tmp/\n",
            paths: ["a.json", "keep/b.json", "keep/sub/c.json", "x/tmp/", "x/tmp/f", "x/y/tmp/", "x/y/tmp/f"]),
        GitCase(
            gitignore: "[a-c]*.txt\n?.md\n*.tar.gz\nlogs/\n!logs/\n",
            paths: ["a1.txt", "c.txt", "d.txt", "x.md", "xy.md", "pkg.tar.gz", "pkg.gz", "logs/", "logs/l.txt"]),
    ]

    @Test("agrees with git check-ignore", arguments: gitCases)
    func agreesWithGit(_ testCase: GitCase) async throws {
        let directory = try TemporaryDirectory()
        try await Tools.git(["init", "-q", "."], in: directory.url)
        try directory.write(".gitignore", testCase.gitignore)
        for path in testCase.paths {
            if path.hasSuffix("/") {
                try directory.makeDirectory(path)
            } else {
                try directory.write(path, "x")
            }
        }
        let names = testCase.paths.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        let result = try await Tools.run(
            "/usr/bin/env", ["git", "check-ignore", "--no-index", "-v", "-n"] + names, in: directory.url,
            environment: ["GIT_CONFIG_NOSYSTEM": "1", "HOME": directory.url.path, "GIT_CONFIG_GLOBAL": "/dev/null"])
        #expect(result.status == 0 || result.status == 1, "git check-ignore failed: \(result.stderr)")
        var gitSays: [String: Bool] = [:]
        for line in result.stdout.split(separator: "\n") {
            let parts = line.split(separator: "\t", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let source = parts[0]
            // `::` means no pattern matched; a matching `!pattern` re-includes.
            let pattern = source.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false).last ?? ""
            gitSays[String(parts[1])] = !source.hasPrefix("::") && !pattern.hasPrefix("!")
        }

        let matcher = IgnoreMatcher(SourceIgnore.patterns(testCase.gitignore))
        for (path, name) in zip(testCase.paths, names) {
            let elements = name.split(separator: "/").map(String.init)
            // What the archiver does: a path is left out when it or a directory above it is ignored.
            var ignored = false
            for length in 1...elements.count {
                let isDirectory = length < elements.count || path.hasSuffix("/")
                if matcher.isIgnored(Array(elements.prefix(length)), isDirectory: isDirectory) { ignored = true }
            }
            #expect(gitSays[name] == ignored, "\(name): git says \(String(describing: gitSays[name])), Sluice says \(ignored)")
        }
    }
}
