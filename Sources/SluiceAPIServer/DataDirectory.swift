import Foundation
import SluiceCore

/// The server's data directory, owner-only: the directory `0700`; `cluster.db` (with its `-wal` and `-shm`),
/// `kubeconfig`, `token` and the keys `0600`, whatever the umask, and tightened when an older Sluice left them open.
struct DataDirectory: Sendable {
    /// The directory.
    let path: String

    /// Creates the directory `0700`, or tightens an existing one.
    init(preparing path: String) throws {
        self.path = path
        do { try OwnerOnlyFiles.prepareDirectory(path) } catch { throw APIServerError("cannot prepare the data directory \(error)") }
    }

    /// The path of the file `name` in the directory.
    func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

    /// Replaces the file `name` with `text`, atomically and `0600`; returns its path.
    @discardableResult
    func write(_ text: String, to name: String) throws -> String {
        do { try OwnerOnlyFiles.replaceContents(of: file(name), with: Array(text.utf8)) } catch { throw APIServerError("cannot write \(error)") }
        return file(name)
    }

    /// Tightens the files `names` to `0600` where they exist.
    func restrict(_ names: String...) throws {
        for name in names {
            do { try OwnerOnlyFiles.restrict(file(name)) } catch { throw APIServerError("cannot protect \(error)") }
        }
    }

    /// Makes the database `name` owner-only before SQLite opens it (see ``OwnerOnlyFiles/prepareDatabase(_:)``); returns its path.
    func prepareDatabase(_ name: String) throws -> String {
        do { try OwnerOnlyFiles.prepareDatabase(file(name)) } catch { throw APIServerError("cannot protect \(error)") }
        return file(name)
    }
}
