import CGPGME
import Dispatch
import Foundation

/// Cancels a gpgme operation that runs past its deadline.
///
/// gpgme's synchronous calls have no timeout of their own; `gpgme_cancel_async` may be called from another thread and
/// makes the running operation end with `GPG_ERR_CANCELED` (gpgme closes its pipes to gpg). The timer touches the
/// context only while the operation is known to be running, under a lock, so a context released later is never used.
final class GPGDeadline: @unchecked Sendable {
    private let lock = NSLock()
    private var context: gpgme_ctx_t?
    private var fired = false

    /// Runs `operation` on `context`, cancelling it once `timeout` has passed; `expired` tells whether it was cancelled.
    static func run(_ context: gpgme_ctx_t, timeout: Duration,
                    _ operation: () throws -> gpgme_error_t) rethrows -> (status: gpgme_error_t, expired: Bool) {
        let deadline = GPGDeadline()
        deadline.context = context
        let (seconds, attoseconds) = timeout.components
        // Saturating: a timeout of centuries is "never", not an overflow.
        let nanoseconds = seconds >= Int64(Int.max / 1_000_000_000) ? Int.max
            : Int(max(0, seconds)) * 1_000_000_000 + Int(max(0, attoseconds) / 1_000_000_000)
        let timer = DispatchWorkItem { deadline.fire() }
        DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(nanoseconds), execute: timer)
        defer { timer.cancel() }
        let status = try operation()
        return (status, deadline.finish())
    }

    private func fire() {
        lock.lock()
        defer { lock.unlock() }
        guard let context else { return }
        fired = true
        gpgme_cancel_async(context)
    }

    /// Marks the operation finished (the timer no longer touches the context); returns whether the timer fired.
    private func finish() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        context = nil
        return fired
    }
}
