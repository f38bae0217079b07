import Foundation
import Logging
import SluiceArchive
import Testing

@Suite("Extractor")
struct ExtractorTests {
    let logger = Logger(label: "sluice-archive-tests")

    /// A `tar.gz` of the members a writer was given.
    static func archive(_ build: (inout TarWriter) -> Void) -> [UInt8] {
        var writer = TarWriter()
        build(&writer)
        writer.finish()
        return Gzip.compress(writer.bytes)
    }

    /// A `tar.gz` crafted with Python's `tarfile`; `program` adds members to the open archive `t`.
    static func pythonArchive(_ program: String) async throws -> [UInt8] {
        let directory = try TemporaryDirectory()
        try await Tools.python(
            "import sys, tarfile, io\ndef data(s): return io.BytesIO(s)\nwith tarfile.open(sys.argv[1], 'w:gz') as t:\n"
                + program.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"),
            [directory.path("crafted.tar.gz")])
        return try bytes(of: directory.appending("crafted.tar.gz"))
    }

    /// Extracts into a fresh directory and returns the error.
    func refusal(_ archive: [UInt8], maxSize: Int64 = 1 << 20) throws -> ArchiveError? {
        let target = try TemporaryDirectory()
        return #expect(throws: ArchiveError.self) {
            _ = try ArchiveExtractor(maxSize: maxSize, logger: logger).extract(archive, into: target.url)
        }
    }

    @Test("an artifact round-trips: contents, the 0755/0644 distinction, symlinks")
    func roundTrip() throws {
        let tree = try ArchiverTests.sampleTree()
        try tree.symlink("deploy/current", to: "app.yaml")
        try tree.symlink("docs-link", to: "deploy")
        let archive = try ArtifactArchiver(maxSize: 1 << 20, logger: logger).archive(directory: tree.url, ignore: IgnoreMatcher([]))
        let target = try TemporaryDirectory()
        let destination = target.appending("new/dir")
        let result = try ArchiveExtractor(maxSize: 1 << 20, logger: logger).extract(archive.bytes, into: destination)
        #expect(result.fileCount == archive.fileCount)
        #expect(result.fileCount == 8)
        for path in ["deploy/app.yaml", "README.md", "scripts/run.sh", ".git/config", "docs/logo.png"] {
            #expect(try bytes(of: destination.appending(path: path)) == bytes(of: tree.appending(path)))
        }
        #expect(result.byteCount == Int64(try [
            "deploy/app.yaml", "deploy/kustomization.yaml", "scripts/run.sh", "README.md", "B-upper.txt", ".git/config",
            ".github/workflows/ci.yaml", "docs/logo.png",
        ].map { try bytes(of: tree.appending($0)).count }.reduce(0, +) + 0))
        #expect(permissions(destination.appending(path: "scripts/run.sh").path) == 0o755)
        #expect(permissions(destination.appending(path: "README.md").path) == 0o644)
        #expect(permissions(destination.appending(path: "empty").path) == 0o755)
        #expect(linkTarget(destination.appending(path: "deploy/current").path) == "app.yaml")
        #expect(linkTarget(destination.appending(path: "docs-link").path) == "deploy")

        // Re-packaging the extracted tree gives the same artifact.
        let again = try ArtifactArchiver(maxSize: 1 << 20, logger: logger).archive(directory: destination, ignore: IgnoreMatcher([]))
        #expect(again.digest == archive.digest)
    }

    @Test("an archive written by GNU tar extracts, with a `./` root entry and modes reduced to 0755/0644")
    func gnuTarArchive() async throws {
        let tree = try TemporaryDirectory()
        try tree.write("a/b.yaml", "b\n", mode: 0o600)
        try tree.write("a/x", "#!/bin/sh\n", mode: 0o700)
        try tree.symlink("a/l", to: "b.yaml")
        let archives = try TemporaryDirectory()
        try await Tools.check("/usr/bin/env", ["tar", "-czf", archives.path("g.tar.gz"), "-C", tree.url.path, "."])
        let target = try TemporaryDirectory()
        let result = try ArchiveExtractor(maxSize: 1 << 20, logger: logger)
            .extract(bytes(of: archives.appending("g.tar.gz")), into: target.url)
        #expect(result.fileCount == 2)
        #expect(permissions(target.path("a/b.yaml")) == 0o644)
        #expect(permissions(target.path("a/x")) == 0o755)
        #expect(linkTarget(target.path("a/l")) == "b.yaml")
    }

    @Test("names with .. are refused")
    func dotDot() async throws {
        let crafted = try await Self.pythonArchive("i = tarfile.TarInfo('../evil'); i.size = 4; t.addfile(i, data(b'evil'))")
        let error = try refusal(crafted)
        #expect(error?.kind == .unsafeEntry)
        #expect(error?.message == "archive entry '../evil' escapes the target directory")
        let nested = Self.archive { $0.appendFile("a/../../b", contents: [1]) }
        #expect(try refusal(nested)?.message == "archive entry 'a/../../b' escapes the target directory")
    }

    @Test("absolute names are refused")
    func absolute() async throws {
        let crafted = try await Self.pythonArchive("i = tarfile.TarInfo('/tmp/evil'); i.size = 4; t.addfile(i, data(b'evil'))")
        let error = try refusal(crafted)
        #expect(error?.kind == .unsafeEntry)
        #expect(error?.message == "archive entry '/tmp/evil' has an absolute path")
    }

    @Test("a file written through an extracted symlink is refused")
    func throughSymlink() async throws {
        let crafted = try await Self.pythonArchive(
            """
            d = tarfile.TarInfo('sub'); d.type = tarfile.DIRTYPE; t.addfile(d)
            l = tarfile.TarInfo('link'); l.type = tarfile.SYMTYPE; l.linkname = 'sub'; t.addfile(l)
            i = tarfile.TarInfo('link/file'); i.size = 1; t.addfile(i, data(b'x'))
            """)
        let error = try refusal(crafted)
        #expect(error?.kind == .unsafeEntry)
        #expect(error?.message == "archive entry 'link/file' would be written through the symlink 'link'")
    }

    @Test("symlinks to absolute or outside targets are refused, even when they get out only through other links")
    func escapingSymlinks() async throws {
        let absolute = try await Self.pythonArchive(
            "l = tarfile.TarInfo('etc'); l.type = tarfile.SYMTYPE; l.linkname = '/etc'; t.addfile(l)")
        #expect(try refusal(absolute)?.message == "archive entry 'etc' is a symlink to the absolute path '/etc'")

        let outside = Self.archive {
            $0.append(TarEntry(name: "a/b/up", kind: .symbolicLink, linkName: "../../../outside"))
        }
        #expect(try refusal(outside)?.message
            == "archive entry 'a/b/up' is a symlink to '../../../outside', which leads outside the target directory")

        // Each link alone stays inside; together `s` → `t/..` → `./..` leaves the directory.
        let sneaky = Self.archive {
            $0.append(TarEntry(name: "s", kind: .symbolicLink, linkName: "t/.."))
            $0.append(TarEntry(name: "t", kind: .symbolicLink, linkName: "."))
        }
        let error = try refusal(sneaky)
        #expect(error?.kind == .unsafeEntry)
        #expect(error?.message == "archive entry 's' is a symlink to 't/..', which resolves outside the target directory through other links")
    }

    @Test("hard links must point to a regular file extracted earlier inside the directory")
    func hardLinks() throws {
        let outside = Self.archive { $0.append(TarEntry(name: "h", kind: .hardLink, linkName: "../secret")) }
        #expect(try refusal(outside)?.message == "archive entry 'h' is a hard link to '../secret', outside the target directory")
        let absolute = Self.archive { $0.append(TarEntry(name: "h", kind: .hardLink, linkName: "/etc/passwd")) }
        #expect(try refusal(absolute)?.kind == .unsafeEntry)
        let toSymlink = Self.archive {
            $0.append(TarEntry(name: "l", kind: .symbolicLink, linkName: "."))
            $0.append(TarEntry(name: "h", kind: .hardLink, linkName: "l"))
        }
        #expect(try refusal(toSymlink)?.message
            == "archive entry 'h' is a hard link to 'l', which is not a regular file extracted before it")

        let good = Self.archive {
            $0.appendFile("a.yaml", contents: Array("a\n".utf8))
            $0.append(TarEntry(name: "dir/h.yaml", kind: .hardLink, linkName: "a.yaml"))
        }
        let target = try TemporaryDirectory()
        let result = try ArchiveExtractor(maxSize: 1 << 20, logger: logger).extract(good, into: target.url)
        #expect(result.fileCount == 2)
        #expect(try String(contentsOfFile: target.path("dir/h.yaml"), encoding: .utf8) == "a\n")
    }

    @Test("devices and fifos are skipped with a warning")
    func specialEntries() async throws {
        let crafted = try await Self.pythonArchive(
            """
            f = tarfile.TarInfo('pipe'); f.type = tarfile.FIFOTYPE; t.addfile(f)
            c = tarfile.TarInfo('null'); c.type = tarfile.CHRTYPE; c.devmajor = 1; c.devminor = 3; t.addfile(c)
            i = tarfile.TarInfo('ok.yaml'); i.size = 3; t.addfile(i, data(b'ok\\n'))
            """)
        let (logger, records) = RecordingLogHandler.logger()
        let target = try TemporaryDirectory()
        let result = try ArchiveExtractor(maxSize: 1 << 20, logger: logger).extract(crafted, into: target.url)
        #expect(result.fileCount == 1)
        #expect(result.skipped.map(\.path) == ["pipe", "null"])
        #expect(records.warnings.count == 2)
        #expect(!FileManager.default.fileExists(atPath: target.path("pipe")))
    }

    @Test("a decompression bomb is refused before its contents are written")
    func bomb() async throws {
        // 150 MiB of zeros in a ~150 KiB artifact, against the default 100 MiB limit.
        let crafted = try await Self.pythonArchive(
            """
            class Zeros(io.RawIOBase):
                def __init__(self, n): self.n = n
                def readable(self): return True
                def readinto(self, b):
                    k = min(len(b), self.n); b[:k] = bytes(k); self.n -= k; return k
            i = tarfile.TarInfo('zeros.bin'); i.size = 150 << 20; t.addfile(i, io.BufferedReader(Zeros(i.size)))
            """)
        #expect(crafted.count < 1 << 20)
        let target = try TemporaryDirectory()
        let error = #expect(throws: ArchiveError.self) {
            _ = try ArchiveExtractor(maxSize: 100 << 20, logger: logger).extract(crafted, into: target.url)
        }
        #expect(error?.kind == .tooLarge)
        #expect(error?.message == "archive entry 'zeros.bin' (157286400 bytes) would bring the extracted size beyond the limit of 104857600 bytes")
        #expect(!FileManager.default.fileExists(atPath: target.path("zeros.bin")))

        // Many files that together exceed the limit.
        let many = Self.archive { writer in
            for index in 0..<5 { writer.appendFile("f\(index)", contents: [UInt8](repeating: 1, count: 300)) }
        }
        #expect(try refusal(many, maxSize: 1000)?.message
            == "archive entry 'f3' (300 bytes) would bring the extracted size beyond the limit of 1000 bytes")

    }

    @Test("truncated and corrupt artifacts are refused with a clear error")
    func truncatedAndCorrupt() throws {
        let tree = try ArchiverTests.sampleTree()
        try tree.write("big.bin", bytes: noise(200_000))
        let archive = try ArtifactArchiver(maxSize: 1 << 20, logger: logger).archive(directory: tree.url, ignore: IgnoreMatcher([]))
        for cut in [archive.bytes.count / 3, archive.bytes.count / 2, archive.bytes.count - 20, archive.bytes.count - 1] {
            let error = try refusal(Array(archive.bytes.prefix(cut)))
            #expect(error?.kind == .corrupt)
            #expect(error?.message.contains("truncated") == true, "cut at \(cut): \(String(describing: error))")
        }
        var flipped = archive.bytes
        flipped[flipped.count / 2] ^= 0x55
        #expect(try refusal(flipped)?.kind == .corrupt)
        #expect(try refusal(Array("not an archive".utf8))?.message.contains("invalid gzip stream") == true)
        // A valid gzip of something that is not a tar archive.
        #expect(try refusal(Gzip.compress(noise(2048)))?.message.hasPrefix("invalid tar archive") == true)
    }
}
