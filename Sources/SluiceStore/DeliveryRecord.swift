import Foundation
import GRDB

/// One row of the `deliveries` table.
struct DeliveryRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static var databaseTableName: String { "deliveries" }

    var id: Int64?
    var eventID: Int64
    var alert: String
    var provider: String
    var providerType: String
    /// The outcome's raw value; the schema admits only ``Delivery/Outcome``'s.
    var outcome: String
    var attempts: Int
    var statusCode: Int?
    var error: String?
    var deliveredAt: Date

    /// The row for `delivery`; its id is left for SQLite to assign.
    init(_ delivery: Delivery) {
        id = nil
        eventID = delivery.eventID
        alert = delivery.alert
        provider = delivery.provider
        providerType = delivery.providerType
        outcome = delivery.outcome.rawValue
        attempts = delivery.attempts
        statusCode = delivery.statusCode
        error = delivery.error
        deliveredAt = delivery.deliveredAt
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// The delivery this row holds.
    func delivery() throws -> Delivery {
        guard let outcome = Delivery.Outcome(rawValue: outcome) else {
            throw DatabaseError(resultCode: .SQLITE_CORRUPT, message: "delivery \(id ?? 0) has unknown outcome \(outcome)")
        }
        return Delivery(id: id, eventID: eventID, alert: alert, provider: provider, providerType: providerType, outcome: outcome,
                        attempts: attempts, statusCode: statusCode, error: error, deliveredAt: deliveredAt)
    }
}
