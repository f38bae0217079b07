import Foundation
import SluiceStore
import Testing

/// Pruning the event log by age and count behind the slowest consumer, with a hard limit, on a real store file.
@Suite("Event retention")
struct EventRetentionTests {
    let directory: TemporaryDirectory
    init() throws { directory = try TemporaryDirectory() }

    func events(_ count: Int, age: TimeInterval, prefix: String) -> [Event] {
        (0..<count).map { index in
            var event = sampleEvent(name: "\(prefix)\(index)")
            event.timestamp = Date(timeIntervalSinceNow: -age)
            return event
        }
    }

    @Test("only events every consumer has handled go, by age or beyond the count; with no consumer none go")
    func prunesBehindTheSlowestCursor() throws {
        let store = try Store(path: directory.path())
        let old = try store.appendEvents(events(10, age: 3 * 86_400, prefix: "old"))
        let recent = try store.appendEvents(events(10, age: 0, prefix: "new"))
        let far = Date(timeIntervalSinceNow: -86_400)

        // No cursor yet: nothing is handled, nothing goes.
        #expect(try store.pruneEvents(olderThan: far, keepingNewest: 5, hardLimit: 1_000) == EventPruning(deleted: 0, deletedUnhandled: 0))

        // Two consumers; the slower one has handled the first five old events: only those may go by age.
        try store.setCursor(consumer: "fast", to: recent.last!.id!)
        try store.setCursor(consumer: "slow", to: old[4].id!)
        #expect(try store.pruneEvents(olderThan: far, keepingNewest: 1_000, hardLimit: 1_000) == EventPruning(deleted: 5, deletedUnhandled: 0))
        #expect(try store.events(limit: 100).map(\.id) == (Array(old.suffix(5)) + recent).map(\.id))

        // The slow consumer catches up: the rest of the old events go by age; then the count keeps the newest 4 handled.
        try store.setCursor(consumer: "slow", to: recent.last!.id!)
        #expect(try store.pruneEvents(olderThan: far, keepingNewest: 1_000, hardLimit: 1_000).deleted == 5)
        #expect(try store.eventCount() == 10)
        #expect(try store.pruneEvents(olderThan: far, keepingNewest: 4, hardLimit: 1_000).deleted == 6)
        #expect(try store.events(limit: 100).map(\.id) == Array(recent.suffix(4)).map(\.id))
        #expect(try store.lastEventID() == recent.last!.id)
    }

    @Test("a stalled consumer holds events back only up to the hard limit")
    func hardLimit() throws {
        let store = try Store(path: directory.path())
        let appended = try store.appendEvents(events(30, age: 0, prefix: "e"))
        try store.setCursor(consumer: "stalled", to: appended[1].id!)
        let pruned = try store.pruneEvents(olderThan: Date(timeIntervalSinceNow: -86_400), keepingNewest: 5, hardLimit: 20)
        // Ids 0 and 1 were handled and beyond the newest 5: they go; then the oldest unhandled go down to 20.
        #expect(pruned == EventPruning(deleted: 10, deletedUnhandled: 8))
        #expect(try store.events(limit: 100).map(\.id) == Array(appended.suffix(20)).map(\.id))
        #expect(throws: StoreError.self) { try store.pruneEvents(olderThan: Date(), keepingNewest: -1, hardLimit: 1) }
    }
}
