import Synchronization

/// Caps how many watches are open at once, as Kubernetes' max-in-flight limit caps long-running requests.
///
/// A watch holds a ``Slot`` for as long as its response exists; the slot is given back when the response is
/// released, however the watch ends (its time is up, the client went away, the server closed it).
final class WatchLimit: Sendable {
    /// A claim on one of the watches; released when deallocated.
    final class Slot: Sendable {
        private let limit: WatchLimit
        fileprivate init(_ limit: WatchLimit) { self.limit = limit }
        deinit { limit.open.subtract(1, ordering: .relaxed) }
    }

    /// The most watches open at once.
    let maximum: Int
    private let open = Atomic<Int>(0)

    init(maximum: Int) { self.maximum = maximum }

    /// A slot, or nil when `maximum` watches are open.
    func claim() -> Slot? {
        guard open.add(1, ordering: .relaxed).newValue <= maximum else {
            open.subtract(1, ordering: .relaxed)
            return nil
        }
        return Slot(self)
    }

    /// How many watches are open.
    var count: Int { open.load(ordering: .relaxed) }
}
