import Foundation
import GRDB
import SluiceStore
import Testing

@Suite("Deliveries")
struct DeliveryTests {
    let directory: TemporaryDirectory
    init() throws { directory = try TemporaryDirectory() }

    @Test("recorded deliveries read back newest first, filtered by outcome, and prune")
    func recordAndRead() throws {
        let store = try Store(path: directory.path())
        #expect(try store.deliveries().isEmpty)
        let first = try store.recordDelivery(Delivery(eventID: 1, alert: "default/a", provider: "default/slack", providerType: "slack",
                                                      outcome: .delivered, attempts: 1, statusCode: 200))
        let second = try store.recordDelivery(Delivery(eventID: 2, alert: "default/a", provider: "default/hook", providerType: "generic",
                                                       outcome: .failed, attempts: 3, statusCode: 503, error: "HTTP 503"))
        #expect(first.id != nil && second.id! > first.id!)
        #expect(try store.deliveries().map(\.eventID) == [2, 1])
        let failed = try store.deliveries(outcome: .failed)
        #expect(failed.count == 1)
        #expect(failed[0].error == "HTTP 503" && failed[0].attempts == 3 && failed[0].statusCode == 503)
        #expect(try store.pruneDeliveries(keepingNewest: 1) == 1)
        #expect(try store.deliveries().map(\.eventID) == [2])
    }

    @Test("the schema refuses an unknown outcome and an empty provider")
    func constraints() throws {
        let path = directory.path()
        _ = try Store(path: path)
        let queue = try rawQueue(path)
        #expect(throws: (any Error).self) {
            try queue.write { db in
                try db.execute(sql: "INSERT INTO deliveries (eventID, alert, provider, providerType, outcome, attempts, deliveredAt) VALUES (1, 'a', 'p', 'generic', 'lost', 1, '2024-01-01')")
            }
        }
        #expect(throws: (any Error).self) {
            try queue.write { db in
                try db.execute(sql: "INSERT INTO deliveries (eventID, alert, provider, providerType, outcome, attempts, deliveredAt) VALUES (1, 'a', '', 'generic', 'failed', 1, '2024-01-01')")
            }
        }
    }
}
