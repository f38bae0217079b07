import Foundation

/// An exclusive `flock` on `DIR/cluster.lock`, so that two servers never share a data directory.
final class DataDirectoryLock: Sendable {
    private let descriptor: Int32

    /// Takes the lock or throws a clear error when another server holds it.
    init(directory: String) throws {
        let path = (directory as NSString).appendingPathComponent("cluster.lock")
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw APIServerError("cannot open \(path): \(String(cString: strerror(errno)))") }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            close(fd)
            throw APIServerError("another `sluice cluster serve` is already using \(directory) (\(path) is locked); stop it or choose another --data directory")
        }
        ftruncate(fd, 0)
        let pid = "\(getpid())\n"
        _ = pid.withCString { write(fd, $0, strlen($0)) }
        descriptor = fd
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
