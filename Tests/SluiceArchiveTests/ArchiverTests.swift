import Foundation
import Logging
import SluiceArchive
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The names in a `tar.gz`, in order.
func names(in archive: PackagedArchive) throws -> [String] {
    try members(of: Gzip.decompress(archive.bytes)).map(\.entry.name)
}

@Suite("Archiver")
struct ArchiverTests {
    let logger = Logger(label: "sluice-archive-tests")

    /// A small source tree with everything the archiver treats specially.
    static func sampleTree() throws -> TemporaryDirectory {
        let tree = try TemporaryDirectory()
        try tree.write("deploy/app.yaml", "kind: Deployment\n")
        try tree.write("deploy/kustomization.yaml", "resources: [app.yaml]\n")
        try tree.write("scripts/run.sh", "#!/bin/sh\necho hi\n", mode: 0o755)
        try tree.write("README.md", "# sample\n", mode: 0o600)
        try tree.write("B-upper.txt", "sorted before lower case\n")
        try tree.write(".git/config", "[core]\n")
        try tree.write(".github/workflows/ci.yaml", "on: push\n")
        try tree.write("docs/logo.png", bytes: [0x89, 0x50, 0x4E, 0x47])
        try tree.makeDirectory("empty")
        return tree
    }

    @Test("GNU tar lists the artifact: sorted names, directories first, modes 0755/0644, owner 0/0, mtime 0")
    func gnuTarListing() async throws {
        let tree = try Self.sampleTree()
        try tree.symlink("deploy/current", to: "app.yaml")
        let archive = try ArtifactArchiver(maxSize: 1 << 20, logger: logger)
            .archive(directory: tree.url, ignore: SourceIgnore.matcher(root: tree.url, extra: nil))
        #expect(archive.fileCount == 5)
        #expect(archive.skipped.isEmpty)
        let output = try TemporaryDirectory()
        try output.write("a.tar.gz", bytes: archive.bytes)
        let listing = try await Tools.check(
            "/usr/bin/env", ["tar", "--numeric-owner", "-tzvf", output.path("a.tar.gz")], environment: ["TZ": "UTC"])
        let rows = listing.split(separator: "\n").map { line in
            line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        }
        // mode, owner, size, date, time, name[, ->, target]
        #expect(rows.map { $0[5] } == [
            "B-upper.txt", "README.md", "deploy/", "deploy/app.yaml", "deploy/current", "deploy/kustomization.yaml",
            "docs/", "empty/", "scripts/", "scripts/run.sh",
        ])
        #expect(rows.map { $0[0] } == [
            "-rw-r--r--", "-rw-r--r--", "drwxr-xr-x", "-rw-r--r--", "lrwxrwxrwx", "-rw-r--r--", "drwxr-xr-x",
            "drwxr-xr-x", "drwxr-xr-x", "-rwxr-xr-x",
        ])
        #expect(rows.allSatisfy { $0[1] == "0/0" && $0[3] == "1970-01-01" && $0[4] == "00:00" })
        #expect(rows[4].suffix(2) == ["->", "app.yaml"])
        #expect(archive.digest.hasPrefix("sha256:") && archive.digest.count == 7 + 64)

        // GNU tar extracts it to the same contents.
        let extracted = try TemporaryDirectory()
        try await Tools.check("/usr/bin/env", ["tar", "-xzf", output.path("a.tar.gz"), "-C", extracted.url.path])
        #expect(try String(contentsOfFile: extracted.path("deploy/app.yaml"), encoding: .utf8) == "kind: Deployment\n")
        #expect(linkTarget(extracted.path("deploy/current")) == "app.yaml")
        #expect(permissions(extracted.path("scripts/run.sh")) & 0o111 != 0)
        #expect(!FileManager.default.fileExists(atPath: extracted.path(".git")))
        #expect(!FileManager.default.fileExists(atPath: extracted.path("docs/logo.png")))
    }

    @Test("the same tree gives the same bytes whatever its creation order, times and permission bits")
    func deterministic() throws {
        let first = try TemporaryDirectory()
        let second = try TemporaryDirectory()
        let files = (0..<40).map { ("dir\($0 % 5)/sub\($0 % 3)/file-\($0).yaml", "value: \($0)\n") }
        for (path, text) in files { try first.write(path, text, mode: 0o644) }
        try first.write("tool", "#!/bin/sh\n", mode: 0o755)
        for (path, text) in files.reversed() { try second.write(path, text, mode: 0o600) }
        try second.write("tool", "#!/bin/sh\n", mode: 0o700)
        // As a umask of 077 would leave them (the umask itself is process-wide, so the test does not change it).
        for directory in 0..<5 {
            #expect(chmod(second.path("dir\(directory)"), 0o700) == 0)
        }
        for (index, (path, _)) in files.enumerated() {
            let date = Date(timeIntervalSince1970: 1_000_000 + Double(index) * 3600)
            try FileManager.default.setAttributes([.modificationDate: date], ofItemAtPath: second.path(path))
        }
        let archiver = ArtifactArchiver(maxSize: 1 << 20, logger: logger)
        let ignore = IgnoreMatcher(SourceIgnore.defaultPatterns.compactMap { IgnorePattern($0) })
        let a = try archiver.archive(directory: first.url, ignore: ignore)
        let b = try archiver.archive(directory: second.url, ignore: ignore)
        #expect(a.bytes == b.bytes)
        #expect(a.digest == b.digest)
        #expect(a.fileCount == 41)
        #expect(try archiver.archive(directory: first.url, ignore: ignore).digest == a.digest)
    }

    @Test("symlinks that stay in the tree are kept; absolute, escaping, dangling and looping ones are skipped and logged")
    func symlinks() throws {
        let tree = try TemporaryDirectory()
        try tree.write("sub/file.yaml", "x: 1\n")
        try tree.write("top.yaml", "y: 2\n")
        try tree.symlink("to-file", to: "sub/file.yaml")
        try tree.symlink("to-dir", to: "sub")
        try tree.symlink("sub/up", to: "../top.yaml")
        try tree.symlink("via-link", to: "to-dir/file.yaml")
        try tree.symlink("root", to: ".")
        try tree.symlink("absolute", to: "/etc/passwd")
        try tree.symlink("escape", to: "../outside")
        try tree.symlink("sub/sneaky", to: "../root/../x")
        try tree.symlink("chain", to: "absolute")
        try tree.symlink("dangling", to: "missing.yaml")
        try tree.symlink("through-file", to: "top.yaml/x")
        try tree.symlink("loop-a", to: "loop-b")
        try tree.symlink("loop-b", to: "loop-a")
        // `deep/../..` resolves to the root (`deep` is `sub/inner`), but its text alone climbs above the root,
        // which the extractor refuses first: left out.
        try tree.makeDirectory("sub/inner")
        try tree.symlink("deep", to: "sub/inner")
        try tree.symlink("climbs", to: "deep/../..")
        let (logger, records) = RecordingLogHandler.logger()
        let archive = try ArtifactArchiver(maxSize: 1 << 20, logger: logger)
            .archive(directory: tree.url, ignore: IgnoreMatcher([]))

        let kept = try members(of: Gzip.decompress(archive.bytes)).filter { $0.entry.kind == .symbolicLink }
        #expect(kept.map(\.entry.name) == ["deep", "root", "sub/up", "to-dir", "to-file", "via-link"])
        #expect(kept.map(\.entry.linkName) == ["sub/inner", ".", "../top.yaml", "sub", "sub/file.yaml", "to-dir/file.yaml"])
        #expect(archive.skipped == [
            SkippedEntry(path: "absolute", reason: "symlink target '/etc/passwd' is an absolute path"),
            SkippedEntry(path: "chain", reason: "symlink target 'absolute' leads through a symlink to an absolute path"),
            SkippedEntry(path: "climbs", reason: "symlink target 'deep/../..' leads outside the tree"),
            SkippedEntry(path: "dangling", reason: "symlink target 'missing.yaml' does not exist"),
            SkippedEntry(path: "escape", reason: "symlink target '../outside' leads outside the tree"),
            SkippedEntry(path: "loop-a", reason: "symlink target 'loop-b' is a loop of symlinks"),
            SkippedEntry(path: "loop-b", reason: "symlink target 'loop-a' is a loop of symlinks"),
            SkippedEntry(path: "sub/sneaky", reason: "symlink target '../root/../x' leads outside the tree"),
            SkippedEntry(path: "through-file", reason: "symlink target 'top.yaml/x' does not exist"),
        ])
        // Every link kept passes the extractor's checks.
        let extracted = try TemporaryDirectory()
        _ = try ArchiveExtractor(maxSize: 1 << 20, logger: logger).extract(archive.bytes, into: extracted.url)
        #expect(try String(contentsOfFile: extracted.path("via-link"), encoding: .utf8) == "x: 1\n")

        let warnings = records.warnings
        #expect(warnings.count == 9)
        #expect(warnings.contains { $0.contains("escape") && $0.contains("leads outside the tree") })
        #expect(records.all.filter { $0.level == .warning }.allSatisfy { $0.metadata["path"] != nil })
    }

    @Test("fifos are skipped; ignored directories are not entered")
    func specialFilesAndIgnoredDirectories() throws {
        let tree = try TemporaryDirectory()
        try tree.write("keep.yaml", "a: 1\n")
        #expect(mkfifo(tree.path("pipe"), 0o644) == 0)
        try tree.write("vendor/lib.yaml", "b: 2\n")
        // An unreadable directory: reading it would fail, but it is ignored, so it is never opened.
        try tree.write("private/secret.yaml", "c: 3\n")
        #expect(chmod(tree.path("private"), 0) == 0)
        let archive = try ArtifactArchiver(maxSize: 1 << 20, logger: logger)
            .archive(directory: tree.url, ignore: IgnoreMatcher(SourceIgnore.patterns("vendor/\n/private\n")))
        #expect(try names(in: archive) == ["keep.yaml"])
        #expect(archive.skipped == [
            SkippedEntry(path: "pipe", reason: "a fifo is not archived; only regular files, directories and symlinks are")
        ])
    }

    @Test("an artifact over maxSize is refused with a message naming the limit")
    func maxSize() throws {
        let tree = try TemporaryDirectory()
        try tree.write("random.bin", bytes: noise(4 << 20))
        let error = #expect(throws: ArchiveError.self) {
            try ArtifactArchiver(maxSize: 100_000, logger: logger).archive(directory: tree.url, ignore: IgnoreMatcher([]))
        }
        #expect(error?.kind == .tooLarge)
        #expect(error?.message.hasSuffix("exceeds the limit of 100000 bytes (--artifact-max-size)") == true)
        // It stopped early: after the first megabyte compressed, not after all four.
        #expect(error?.message.contains("at least 10") == true, "\(String(describing: error))")

        let small = try TemporaryDirectory()
        try small.write("a.txt", bytes: noise(2000))
        let exact = try ArtifactArchiver(maxSize: 1 << 20, logger: logger).archive(directory: small.url, ignore: IgnoreMatcher([]))
        let tight = #expect(throws: ArchiveError.self) {
            try ArtifactArchiver(maxSize: Int64(exact.bytes.count - 1), logger: logger)
                .archive(directory: small.url, ignore: IgnoreMatcher([]))
        }
        #expect(tight?.message == "artifact size \(exact.bytes.count) bytes exceeds the limit of \(exact.bytes.count - 1) bytes (--artifact-max-size)")
        #expect(try ArtifactArchiver(maxSize: Int64(exact.bytes.count), logger: logger)
            .archive(directory: small.url, ignore: IgnoreMatcher([])).bytes == exact.bytes)
    }

    @Test("paths over 100 and 255 bytes round-trip, and GNU tar lists them")
    func longPaths() async throws {
        let tree = try TemporaryDirectory()
        let long = String(repeating: "a", count: 70) + "/" + String(repeating: "b", count: 70) + "/c.yaml"
        let veryLong = (1...6).map { "level-\($0)-" + String(repeating: "z", count: 50) }.joined(separator: "/") + "/leaf.yaml"
        try tree.write(long, "long\n")
        try tree.write(veryLong, "very long\n")
        let archive = try ArtifactArchiver(maxSize: 1 << 20, logger: logger).archive(directory: tree.url, ignore: IgnoreMatcher([]))
        let output = try TemporaryDirectory()
        try output.write("a.tar.gz", bytes: archive.bytes)
        let listed = try await Tools.check("/usr/bin/env", ["tar", "-tzf", output.path("a.tar.gz")]).split(separator: "\n").map(String.init)
        #expect(listed.contains(long) && listed.contains(veryLong))
        let extracted = try TemporaryDirectory()
        _ = try ArchiveExtractor(maxSize: 1 << 20, logger: logger).extract(archive.bytes, into: extracted.url)
        #expect(try String(contentsOfFile: extracted.path(veryLong), encoding: .utf8) == "very long\n")
    }

    @Test("a 10,000-file tree packages in one pass (time printed, not asserted)")
    func tenThousandFiles() async throws {
        let tree = try TemporaryDirectory()
        try await Tools.python(
            """
            import os, sys
            for d in range(100):
                os.makedirs(os.path.join(sys.argv[1], f"d{d}"))
                for f in range(100):
                    with open(os.path.join(sys.argv[1], f"d{d}", f"f{f}.yaml"), "w") as out:
                        out.write(f'apiVersion: v1\\nkind: ConfigMap\\ndata: {{n: "{d}-{f}"}}\\n')
            """, [tree.url.path])
        let clock = ContinuousClock()
        var archive: PackagedArchive?
        let elapsed = try clock.measure {
            let ignore = try SourceIgnore.matcher(root: tree.url, extra: nil)
            archive = try ArtifactArchiver(maxSize: 100 << 20, logger: logger).archive(directory: tree.url, ignore: ignore)
        }
        let result = try #require(archive)
        #expect(result.fileCount == 10_000)
        print("packaged 10,000 files (\(result.bytes.count) bytes) in \(elapsed)")
    }
}
