import Foundation
import GRDB
import SluiceStore
import Testing

/// The store holds every tenant's events and artifacts: its file, WAL and shared memory are `0600`, the directories
/// it creates `0700`, whatever the umask (`sluice up` is checked under umask 000 in `SluiceCLITests`); a store an older Sluice left `0644` is tightened when opened again.
@Suite("Store file modes")
struct FileModeTests {
    let directory: TemporaryDirectory
    init() throws { directory = try TemporaryDirectory() }

    /// The permission bits of `path`, `nil` when missing.
    static func mode(_ path: String) -> Int? {
        var status = stat()
        guard lstat(path, &status) == 0 else { return nil }
        return Int(status.st_mode & 0o777)
    }

    @Test("a new store and the directories made for it are owner-only")
    func newStore() throws {
        let path = directory.path("made/for/store.db")
        let store = try Store(path: path)
        _ = try store.appendEvent(sampleEvent())
        for file in [path, path + "-wal", path + "-shm"] { #expect(Self.mode(file) == 0o600, "\(file)") }
        #expect(Self.mode(directory.path("made")) == 0o700)
        #expect(Self.mode(directory.path("made/for")) == 0o700)
    }

    @Test("a store left 0644 is tightened, WAL included, when opened again")
    func olderStoreIsTightened() throws {
        let path = directory.path()
        do {
            let store = try Store(path: path)
            _ = try store.appendEvent(sampleEvent())
        }
        for file in [path, path + "-wal", path + "-shm"] where FileManager.default.fileExists(atPath: file) {
            #expect(chmod(file, 0o644) == 0)
        }
        let store = try Store(path: path)
        _ = try store.appendEvent(sampleEvent(name: "again"))
        for file in [path, path + "-wal", path + "-shm"] { #expect(Self.mode(file) == 0o600, "\(file)") }
    }
}
