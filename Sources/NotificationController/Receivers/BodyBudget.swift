import Synchronization

/// The body bytes all webhook requests may hold at once: each request takes what it reads and gives it back when answered.
final class BodyBudget: Sendable {
    /// The most bytes held at once.
    let limit: Int
    private let held = Mutex(0)

    init(limit: Int) { self.limit = limit }

    /// Takes `count` bytes; `false`, taking nothing, when that would go beyond the limit.
    func take(_ count: Int) -> Bool {
        held.withLock { held in
            guard count <= limit - held else { return false }
            held += count
            return true
        }
    }

    /// Gives back `count` bytes taken before.
    func give(_ count: Int) {
        held.withLock { $0 = max(0, $0 - count) }
    }

    /// The bytes held now.
    var inUse: Int { held.withLock { $0 } }
}
