import Foundation

/// An exclusive `flock` on a lock file beside a cache, against other processes sharing the cache directory.
struct FileLock {
    private let descriptor: Int32

    /// Locks `path` (created when missing), waiting at most until `control` expires.
    ///
    /// The file may be deleted by its holder (`removeCache`): after locking, the path must still name the locked
    /// file, else the lock is taken again on the new one.
    static func acquire(_ path: String, control: OperationControl) throws(GitError) -> FileLock {
        while true {
            let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
            guard descriptor >= 0 else {
                throw GitError(.other, "cannot open lock file \(path): \(String(cString: strerror(errno)))")
            }
            while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
                guard errno == EWOULDBLOCK || errno == EINTR else {
                    let reason = String(cString: strerror(errno))
                    close(descriptor)
                    throw GitError(.other, "cannot lock \(path): \(reason)")
                }
                if control.isExpired {
                    close(descriptor)
                    throw control.expiryError
                }
                usleep(10_000)
            }
            var locked = stat()
            var named = stat()
            if fstat(descriptor, &locked) == 0, stat(path, &named) == 0,
               locked.st_dev == named.st_dev, locked.st_ino == named.st_ino {
                return FileLock(descriptor: descriptor)
            }
            close(descriptor)
        }
    }

    /// Releases the lock.
    func release() {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
