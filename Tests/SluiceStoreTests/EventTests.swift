import Foundation
import GRDB
import SluiceStore
import Testing

@Suite("Events")
struct EventTests {
    let directory: TemporaryDirectory
    init() throws { directory = try TemporaryDirectory() }

    @Test("appendEvent assigns increasing ids and returns the event as stored")
    func append() throws {
        let store = try Store(path: directory.path())
        #expect(try store.lastEventID() == 0)
        #expect(try store.events().isEmpty)
        let first = try store.appendEvent(sampleEvent(metadata: ["revision": "main@sha1:abc"]))
        let batch = try store.appendEvents([sampleEvent(name: "a"), sampleEvent(name: "b", severity: .error), sampleEvent(name: "c", severity: .trace)])
        let ids = ([first] + batch).compactMap(\.id)
        #expect(ids.count == 4)
        #expect(ids == ids.sorted() && Set(ids).count == 4)
        #expect(try store.lastEventID() == ids.last)
        let stored = try store.events()
        #expect(stored == [first] + batch)
        #expect(stored[0].metadata == ["revision": "main@sha1:abc"])
        #expect(stored.map(\.severity) == [.info, .info, .error, .trace])
        #expect(try store.appendEvents([]).isEmpty)
    }

    @Test("stored timestamps keep millisecond precision")
    func timestampPrecision() throws {
        let store = try Store(path: directory.path())
        var event = sampleEvent()
        event.timestamp = Date(timeIntervalSince1970: 1_714_564_800.123_456)
        let stored = try store.appendEvent(event)
        #expect(abs(stored.timestamp.timeIntervalSince(event.timestamp)) < 0.001)
        #expect(try store.events().first?.timestamp == stored.timestamp)
    }

    @Test("events(after:) resumes, limit bounds, filters select by involved object")
    func queries() throws {
        let store = try Store(path: directory.path())
        var appended: [Event] = []
        for index in 0..<30 {
            appended.append(try store.appendEvent(sampleEvent(
                kind: index % 3 == 0 ? "Kustomization" : "GitRepository",
                namespace: index % 2 == 0 ? "apps" : "flux-system",
                name: "obj-\(index % 5)")))
        }
        let ids = appended.compactMap(\.id)
        #expect(try store.events(after: ids[9]) == Array(appended[10...]))
        #expect(try store.events(after: ids[9], limit: 5) == Array(appended[10..<15]))
        #expect(try store.events(after: ids[29]).isEmpty)
        #expect(try store.events(limit: 0).isEmpty)
        #expect(try store.events(involvedKind: "Kustomization") == appended.filter { $0.involvedObject.kind == "Kustomization" })
        #expect(try store.events(namespace: "apps") == appended.filter { $0.involvedObject.namespace == "apps" })
        let narrow = try store.events(involvedKind: "GitRepository", namespace: "flux-system", name: "obj-1")
        #expect(narrow == appended.filter {
            $0.involvedObject.kind == "GitRepository" && $0.involvedObject.namespace == "flux-system" && $0.involvedObject.name == "obj-1"
        })
        #expect(!narrow.isEmpty)
        #expect(try store.events(after: ids[20], involvedKind: "Kustomization").allSatisfy { $0.id! > ids[20] })
    }

    @Test("pruning keeps the newest events and never lets ids be reused")
    func prune() throws {
        let store = try Store(path: directory.path())
        let appended = try store.appendEvents((0..<10).map { sampleEvent(name: "e\($0)") })
        #expect(try store.pruneEvents(keepingNewest: 3) == 7)
        #expect(try store.events() == Array(appended.suffix(3)))
        #expect(try store.pruneEvents(keepingNewest: 3) == 0)
        #expect(try store.pruneEvents(keepingNewest: 0) == 3)
        #expect(try store.lastEventID() == appended.last?.id)
        let next = try store.appendEvent(sampleEvent())
        #expect(next.id! > appended.last!.id!)
    }

    @Test("the schema keeps events append-only and severities valid")
    func schemaConstraints() throws {
        let store = try Store(path: directory.path())
        let event = try store.appendEvent(sampleEvent())
        let raw = try rawQueue(store.path)
        #expect(throws: DatabaseError.self) {
            try raw.write { try $0.execute(sql: "UPDATE events SET message = 'rewritten' WHERE id = ?", arguments: [event.id]) }
        }
        #expect(throws: DatabaseError.self) {
            try raw.write { db in
                try db.execute(sql: """
                    INSERT INTO events (involvedKind, involvedName, involvedAPIVersion, severity, timestamp, message, reason, reportingController)
                    VALUES ('GitRepository', 'x', 'v1', 'warning', CURRENT_TIMESTAMP, 'm', 'r', 'c')
                    """)
            }
        }
        #expect(try store.events() == [event])
    }
}

@Suite("Cursors")
struct CursorTests {
    let directory: TemporaryDirectory
    init() throws { directory = try TemporaryDirectory() }

    @Test("an unknown consumer starts at 0; cursors move forward only")
    func forwardOnly() throws {
        let store = try Store(path: directory.path())
        #expect(try store.cursor(consumer: "notification-controller") == 0)
        try store.setCursor(consumer: "notification-controller", to: 10)
        #expect(try store.cursor(consumer: "notification-controller") == 10)
        try store.setCursor(consumer: "notification-controller", to: 4)
        #expect(try store.cursor(consumer: "notification-controller") == 10)
        try store.setCursor(consumer: "notification-controller", to: 10)
        try store.setCursor(consumer: "notification-controller", to: 12)
        #expect(try store.cursor(consumer: "notification-controller") == 12)
        #expect(try store.cursor(consumer: "sluice-events") == 0)
        #expect(try store.cursors() == ["notification-controller": 12])
        #expect(throws: StoreError.self) { try store.setCursor(consumer: "x", to: -1) }
        #expect(throws: StoreError.self) { try store.setCursor(consumer: "", to: 1) }
        // The schema refuses a backwards move from any writer.
        #expect(throws: DatabaseError.self) {
            try rawQueue(store.path).write { try $0.execute(sql: "UPDATE cursors SET eventID = 1") }
        }
        #expect(try store.cursor(consumer: "notification-controller") == 12)
    }

    @Test("a consumer that stops and reopens the store resumes after the last event it handled")
    func resume() throws {
        let path = directory.path()
        let appended = try Store(path: path).appendEvents((0..<25).map { sampleEvent(name: "e\($0)") })
        var handled: [Event] = []
        // First run: handle two pages of 10, then "crash".
        do {
            let store = try Store(path: path)
            for _ in 0..<2 {
                let page = try store.events(after: store.cursor(consumer: "reader"), limit: 10)
                handled += page
                try store.setCursor(consumer: "reader", to: page.last!.id!)
            }
        }
        // Second run: a fresh store instance picks up where the first left off.
        let store = try Store(path: path)
        #expect(try store.cursor(consumer: "reader") == appended[19].id)
        while case let page = try store.events(after: store.cursor(consumer: "reader"), limit: 10), !page.isEmpty {
            handled += page
            try store.setCursor(consumer: "reader", to: page.last!.id!)
        }
        #expect(handled == appended)
    }
}
