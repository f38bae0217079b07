import Synchronization

/// The deadline and cancellation of one blocking libgit2 operation, shared by the async caller and the thread.
///
/// libgit2 1.5 has no socket timeouts: the caller gives up at the deadline on its own, and every libgit2 callback
/// asks `isExpired` so the operation aborts at the next chance it gets.
final class OperationControl: Sendable {
    /// When the operation must be over; nil for none.
    let deadline: ContinuousClock.Instant?
    /// The error the operation ends with at the deadline.
    let timeoutError: GitError
    /// The most bytes a fetch may receive; nil for no limit.
    let maxReceivedBytes: Int?
    /// The error a fetch ends with past ``maxReceivedBytes``.
    let sizeError: GitError?
    private let cancelled = Atomic<Bool>(false)

    /// A control whose deadline is `timeout` from now (none when nil).
    init(timeout: Duration?, timeoutError: GitError, maxReceivedBytes: Int? = nil, sizeError: GitError? = nil) {
        deadline = timeout.map { ContinuousClock.now + $0 }
        self.timeoutError = timeoutError
        self.maxReceivedBytes = maxReceivedBytes
        self.sizeError = sizeError
    }

    /// Marks the operation as abandoned by its caller (task cancellation).
    func cancel() { cancelled.store(true, ordering: .relaxed) }

    /// Whether the caller cancelled.
    var isCancelled: Bool { cancelled.load(ordering: .relaxed) }

    /// Whether the deadline passed or the caller cancelled.
    var isExpired: Bool {
        if isCancelled { return true }
        guard let deadline else { return false }
        return ContinuousClock.now >= deadline
    }

    /// Why the operation must stop now: the timeout, or cancellation.
    var expiryError: GitError {
        isCancelled ? GitError(.other, "operation cancelled") : timeoutError
    }

    /// Throws `expiryError` when expired.
    func checkExpired() throws(GitError) {
        if isExpired { throw expiryError }
    }
}
