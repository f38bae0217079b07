import Foundation
import SluiceArchive
import Testing

/// ``ConfinedDirectory`` on real directories holding the symlinks a malicious repository commits: absolute ones to
/// a directory outside, relative ones climbing out, and links inside the tree.
@Suite("ConfinedDirectory")
struct ConfinedDirectoryTests {
    /// A tree `tree/` with links out of it to `outside/` (which holds `x/keep.txt` and `file`), beside it.
    final class Fixture {
        let directory: TemporaryDirectory
        let tree: URL
        let outside: URL

        init() throws {
            directory = try TemporaryDirectory()
            tree = directory.appending("tree")
            outside = directory.appending("outside")
            try directory.write("outside/x/keep.txt", "host\n")
            try directory.write("outside/file", "secret\n")
            try directory.write("tree/app/app.yaml", "app: 1\n")
            try directory.symlink("tree/esc", to: outside.path)
            try directory.symlink("tree/app/rel", to: "../../outside")
            try directory.symlink("tree/inside", to: "app")
            try directory.write("tree/plain", "plain\n")
        }

        /// Every path under `outside/`, with file contents, to compare before and after.
        func outsideSnapshot() throws -> [String: String] {
            var snapshot: [String: String] = [:]
            for case let relative as String in FileManager.default.enumerator(atPath: outside.path)! {
                let url = outside.appending(path: relative)
                snapshot[relative] = (try? String(contentsOf: url, encoding: .utf8)) ?? "<dir>"
            }
            return snapshot
        }
    }

    func refusal(_ body: () throws -> Void) -> ConfinedPathError? {
        #expect(throws: ConfinedPathError.self) { try body() }
    }

    @Test("paths are relative, without '..'; '.' and empty elements are ignored")
    func elements() throws {
        #expect(try ConfinedDirectory.elements(of: "./a//b/./c/") == ["a", "b", "c"])
        #expect(try ConfinedDirectory.elements(of: "./").isEmpty)
        #expect(try ConfinedDirectory.elements(of: "").isEmpty)
        #expect(refusal { _ = try ConfinedDirectory.elements(of: "/etc/passwd") }?.kind == .absolute)
        #expect(refusal { _ = try ConfinedDirectory.elements(of: "a/../../b") }?.kind == .parentElement)
    }

    @Test("a symlink anywhere on a path is refused, naming the element, and nothing outside changes")
    func symlinksAreRefused() throws {
        let fixture = try Fixture()
        let before = try fixture.outsideSnapshot()
        let confined = try ConfinedDirectory(root: fixture.tree)
        let scratch = try TemporaryDirectory()
        try scratch.write("new/file", "new\n")
        let incoming = try ConfinedDirectory(root: scratch.url)

        for (path, component) in [("esc/x", "esc"), ("esc/x/keep.txt", "esc"), ("app/rel/file", "app/rel"),
                                  ("app/rel", "app/rel"), ("esc", "esc"), ("inside/app.yaml", "inside")] {
            let contains = refusal { _ = try confined.contains(path) }
            #expect(contains?.kind == .symbolicLink, "\(path)")
            #expect(contains?.component == component, "\(path)")
            #expect(contains?.message == "path component '\(component)' is a symbolic link")
            #expect(refusal { try confined.remove(path) }?.kind == .symbolicLink, "\(path)")
            #expect(refusal { try incoming.move("new", to: path, in: confined) }?.kind == .symbolicLink, "\(path)")
            #expect(refusal { try confined.move(path, to: "taken", in: incoming) }?.kind == .symbolicLink, "\(path)")
        }
        #expect(try fixture.outsideSnapshot() == before)
        #expect(FileManager.default.fileExists(atPath: scratch.path("new/file")), "nothing was moved")
        #expect(!FileManager.default.fileExists(atPath: scratch.path("taken")))
    }

    @Test("a file in the middle of a path is not a directory")
    func fileInTheMiddle() throws {
        let fixture = try Fixture()
        let confined = try ConfinedDirectory(root: fixture.tree)
        let error = refusal { _ = try confined.contains("plain/x") }
        #expect(error?.kind == .notDirectory)
        #expect(error?.message == "path component 'plain' is a regular file, not a directory")
        #expect(try !confined.contains("missing/x"))
        #expect(try confined.contains("app/app.yaml"))
        #expect(try confined.contains(""))
    }

    @Test("move creates the parents, replaces what is there, and moves the whole root when the path is empty")
    func moves() throws {
        let fixture = try Fixture()
        let confined = try ConfinedDirectory(root: fixture.tree)
        let scratch = try TemporaryDirectory()
        try scratch.write("unpack/config/base.yaml", "base: 1\n")
        try scratch.write("unpack/other.yaml", "other: 1\n")
        let incoming = try ConfinedDirectory(root: scratch.appending("unpack"))

        try incoming.move("config", to: "vendor/shared", in: confined)
        #expect(try String(contentsOf: fixture.tree.appending(path: "vendor/shared/base.yaml"), encoding: .utf8) == "base: 1\n")
        #expect(!FileManager.default.fileExists(atPath: scratch.path("unpack/config")))

        // The destination is replaced, and a link inside what is replaced is removed, not followed.
        try fixture.directory.write("tree/vendor/shared/stale.yaml", "stale\n")
        try fixture.directory.symlink("tree/vendor/shared/out", to: fixture.outside.path)
        let before = try fixture.outsideSnapshot()
        try incoming.move("", to: "vendor/shared", in: confined)
        #expect(try FileManager.default.contentsOfDirectory(atPath: fixture.tree.appending(path: "vendor/shared").path) == ["other.yaml"])
        #expect(try fixture.outsideSnapshot() == before)

        #expect(refusal { try incoming.move("absent", to: "x", in: confined) }?.kind == .missing)
        #expect(refusal { try confined.move("plain", to: "./", in: confined) }?.kind == .root)
    }

    @Test("remove takes a directory with links inside it, never what they point at")
    func removes() throws {
        let fixture = try Fixture()
        let before = try fixture.outsideSnapshot()
        let confined = try ConfinedDirectory(root: fixture.tree)
        try confined.remove("app")
        try confined.remove("absent/too")
        #expect(!FileManager.default.fileExists(atPath: fixture.tree.appending(path: "app").path))
        #expect(try fixture.outsideSnapshot() == before)
        #expect(refusal { try confined.remove("") }?.kind == .root)
    }
}
