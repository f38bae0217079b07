import Foundation

/// In-process mutual exclusion per cache key, waited for on the operation's own thread.
///
/// A lock belongs to the operation's thread, not to the awaiting task: an operation abandoned at its deadline keeps
/// the lock until libgit2 really returns.
final class URLLocks: @unchecked Sendable {
    // `held` is only touched with `condition` locked.
    private let condition = NSCondition()
    private var held: Set<String> = []

    /// Takes the lock for `key`, waiting at most until `control` expires.
    func acquire(_ key: String, control: OperationControl) throws(GitError) {
        condition.lock()
        defer { condition.unlock() }
        while held.contains(key) {
            try control.checkExpired()
            // Wake up now and then to notice the deadline or cancellation.
            _ = condition.wait(until: Date(timeIntervalSinceNow: 0.05))
        }
        held.insert(key)
    }

    /// Releases the lock for `key`.
    func release(_ key: String) {
        condition.lock()
        held.remove(key)
        condition.broadcast()
        condition.unlock()
    }
}
