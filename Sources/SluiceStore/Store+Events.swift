import Foundation
import GRDB

extension Store {
    /// Appends an event to the log.
    ///
    /// - Returns: The event as stored: with its ``Event/id`` and its timestamp at the store's millisecond
    ///   precision, equal to what ``events(after:limit:involvedKind:namespace:name:)`` returns for it.
    @discardableResult
    public func appendEvent(_ event: Event) throws -> Event {
        try appendEvents([event])[0]
    }

    /// Appends events to the log in one transaction, in order.
    ///
    /// Ids are assigned inside the write transaction and transactions commit one at a time, so ids increase
    /// in commit order across all processes: a reader that has seen id *n* will never later find a new
    /// event with a smaller id. That is what makes ``cursor(consumer:)`` safe.
    ///
    /// - Returns: The events as stored, with ids.
    @discardableResult
    public func appendEvents(_ events: [Event]) throws -> [Event] {
        guard !events.isEmpty else { return [] }
        return try write { db in
            try events.map { event in try EventRecord(event).insertAndFetch(db).event() }
        }
    }

    /// Events with ids greater than `id`, oldest first.
    ///
    /// - Parameters:
    ///   - id: Where to resume: the id of the last event seen, or 0 for the beginning.
    ///   - limit: At most this many events.
    ///   - involvedKind: Only events about objects of this kind.
    ///   - namespace: Only events about objects in this namespace.
    ///   - name: Only events about objects with this name.
    public func events(
        after id: Int64 = 0, limit: Int = 1000, involvedKind: String? = nil, namespace: String? = nil, name: String? = nil
    ) throws -> [Event] {
        guard limit > 0 else { return [] }
        return try read { db in
            var request = EventRecord.filter(Column("id") > id)
            if let involvedKind { request = request.filter(Column("involvedKind") == involvedKind) }
            if let namespace { request = request.filter(Column("involvedNamespace") == namespace) }
            if let name { request = request.filter(Column("involvedName") == name) }
            return try request.order(Column("id")).limit(limit).fetchAll(db).map { try $0.event() }
        }
    }

    /// The highest event id ever assigned, or 0 before the first event.
    ///
    /// A consumer that wants only new events sets its cursor here. Ids are never reused, not even after
    /// ``pruneEvents(keepingNewest:)``.
    public func lastEventID() throws -> Int64 {
        try read { db in
            try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'events'") ?? 0
        }
    }

    /// Deletes all but the newest `count` events.
    ///
    /// - Returns: How many events were deleted.
    @discardableResult
    public func pruneEvents(keepingNewest count: Int) throws -> Int {
        try pruneRows(of: "events", keepingNewest: count)
    }

    /// Deletes the events every consumer has handled that are older than `cutoff` or beyond the newest `count`; and,
    /// should the log still hold more than `hardLimit` events, the oldest of any others too, so that a stalled or
    /// forgotten consumer cannot make the file grow without end.
    ///
    /// An event is handled when its id is at or below the slowest cursor (``cursors()``); with no cursor at all, no
    /// event is. One transaction, so a consumer never sees half a prune.
    ///
    /// - Parameters:
    ///   - cutoff: Handled events with an older timestamp go.
    ///   - count: At most this many handled events are kept, the newest.
    ///   - hardLimit: At most this many events are kept, handled or not.
    /// - Returns: How many were deleted, and how many of those no consumer had handled yet.
    @discardableResult
    public func pruneEvents(olderThan cutoff: Date, keepingNewest count: Int, hardLimit: Int) throws -> EventPruning {
        guard count >= 0, hardLimit >= 0 else { throw StoreError.invalidArgument("cannot keep \(count) events (hard limit \(hardLimit))") }
        return try write { db in
            try db.execute(
                sql: """
                    DELETE FROM events WHERE id <= (SELECT MIN(eventID) FROM cursors)
                    AND (timestamp < ? OR id <= (SELECT id FROM events ORDER BY id DESC LIMIT 1 OFFSET ?))
                    """,
                arguments: [cutoff, count])
            let handled = db.changesCount
            try db.execute(sql: "DELETE FROM events WHERE id <= (SELECT id FROM events ORDER BY id DESC LIMIT 1 OFFSET ?)",
                           arguments: [hardLimit])
            return EventPruning(deleted: handled + db.changesCount, deletedUnhandled: db.changesCount)
        }
    }

    /// How many events the log holds.
    public func eventCount() throws -> Int {
        try read { db in try EventRecord.fetchCount(db) }
    }
}
