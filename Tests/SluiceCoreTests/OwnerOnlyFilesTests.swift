import Foundation
import Testing
import SluiceCore

/// Owner-only directories and files on the real file system, whatever the umask.
@Suite struct OwnerOnlyFilesTests {
    static func mode(_ path: String) -> mode_t? {
        var status = stat()
        guard lstat(path, &status) == 0 else { return nil }
        return status.st_mode & 0o777
    }

    static func scratch() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-owner-only-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        return path
    }

    @Test func newDirectoriesAndFilesAreOwnerOnly() throws {
        // Under the usual umask 022 Foundation and SQLite would make these 0755 and 0644. (Other umasks are checked
        // on a real `sluice cluster serve` in a child process: the umask is per process, and tests run in parallel.)
        let root = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let directory = "\(root)/a/b"
        try OwnerOnlyFiles.prepareDirectory(directory)
        try OwnerOnlyFiles.replaceContents(of: "\(directory)/secret", with: Array("s3cret".utf8))
        try OwnerOnlyFiles.prepareDatabase("\(directory)/state.db")
        for path in ["\(root)/a", directory] { #expect(Self.mode(path) == 0o700, "\(path)") }
        for path in ["\(directory)/secret", "\(directory)/state.db"] { #expect(Self.mode(path) == 0o600, "\(path)") }
        #expect(try String(contentsOfFile: "\(directory)/secret", encoding: .utf8) == "s3cret")
        #expect(Self.mode(root) == 0o755, "an existing parent is left as it is")
    }

    @Test func openStateLeftByAnOlderVersionIsTightened() throws {
        let root = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: root) }
        for name in ["state.db", "state.db-wal", "state.db-shm", "token"] {
            #expect(FileManager.default.createFile(atPath: "\(root)/\(name)", contents: Data("x".utf8), attributes: [.posixPermissions: 0o644]))
        }
        try OwnerOnlyFiles.prepareDirectory(root)
        try OwnerOnlyFiles.prepareDatabase("\(root)/state.db")
        try OwnerOnlyFiles.restrict("\(root)/token")
        try OwnerOnlyFiles.restrict("\(root)/missing")
        #expect(Self.mode(root) == 0o700)
        for name in ["state.db", "state.db-wal", "state.db-shm", "token"] { #expect(Self.mode("\(root)/\(name)") == 0o600, "\(name)") }
        #expect(try String(contentsOfFile: "\(root)/state.db", encoding: .utf8) == "x", "an existing database is not truncated")
    }

    @Test func aSymbolicLinkWhereStateIsKeptIsRefusedNotFollowed() throws {
        let root = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let outside = "\(root)/outside"
        #expect(FileManager.default.createFile(atPath: outside, contents: Data(), attributes: [.posixPermissions: 0o644]))
        try FileManager.default.createSymbolicLink(atPath: "\(root)/token", withDestinationPath: outside)
        #expect(throws: OwnerOnlyFiles.Failure.self) { try OwnerOnlyFiles.restrict("\(root)/token") }
        #expect(throws: OwnerOnlyFiles.Failure.self) { try OwnerOnlyFiles.prepareDatabase("\(root)/token") }
        #expect(Self.mode(outside) == 0o644, "the link's target is untouched")
        // Replacing a link swaps the link itself for a regular file; the target keeps its content.
        try OwnerOnlyFiles.replaceContents(of: "\(root)/token", with: Array("new".utf8))
        #expect(try FileManager.default.attributesOfItem(atPath: "\(root)/token")[.type] as? FileAttributeType == .typeRegular)
        #expect(try Data(contentsOf: URL(fileURLWithPath: outside)).isEmpty)
        // A directory where a file belongs is refused, not chmod-ed.
        try FileManager.default.createDirectory(atPath: "\(root)/dir.db", withIntermediateDirectories: false)
        #expect(throws: OwnerOnlyFiles.Failure.self) { try OwnerOnlyFiles.prepareDatabase("\(root)/dir.db") }
    }
}
