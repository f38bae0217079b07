import Synchronization

/// Which events are still being delivered, and so how far the durable cursor may move: to just before the oldest event not finished.
final class CursorTracker: Sendable {
    private struct State {
        var pending: [Int64: Int] = [:]
        var lastRead: Int64
    }
    private let state: Mutex<State>

    /// A tracker resuming after `cursor`.
    init(cursor: Int64) { state = Mutex(State(lastRead: cursor)) }

    /// The id of the last event read.
    var lastRead: Int64 { state.withLock { $0.lastRead } }

    /// How many events are being delivered.
    var pendingCount: Int { state.withLock { $0.pending.count } }

    /// Notes that event `id` was read and has `deliveries` deliveries to finish.
    func read(_ id: Int64, deliveries: Int) {
        state.withLock { state in
            state.lastRead = max(state.lastRead, id)
            if deliveries > 0 { state.pending[id, default: 0] += deliveries }
        }
    }

    /// Notes that one delivery of event `id` finished (delivered or finally failed).
    func finished(_ id: Int64) {
        state.withLock { state in
            guard let count = state.pending[id] else { return }
            if count <= 1 { state.pending[id] = nil } else { state.pending[id] = count - 1 }
        }
    }

    /// The cursor position every event up to which is finished.
    var committable: Int64 {
        state.withLock { state in
            guard let oldest = state.pending.keys.min() else { return state.lastRead }
            return oldest - 1
        }
    }
}
