import Foundation
import GRDB

extension Store {
    /// Appends a delivery outcome to the log.
    ///
    /// - Returns: The delivery as stored, with its ``Delivery/id``.
    @discardableResult
    public func recordDelivery(_ delivery: Delivery) throws -> Delivery {
        try write { db in
            var record = DeliveryRecord(delivery)
            try record.insert(db)
            return try record.delivery()
        }
    }

    /// The newest deliveries, newest first.
    ///
    /// - Parameters:
    ///   - outcome: Only deliveries that ended this way.
    ///   - limit: At most this many.
    public func deliveries(outcome: Delivery.Outcome? = nil, limit: Int = 100) throws -> [Delivery] {
        guard limit > 0 else { return [] }
        return try read { db in
            var request = DeliveryRecord.all()
            if let outcome { request = request.filter(Column("outcome") == outcome.rawValue) }
            return try request.order(Column("id").desc).limit(limit).fetchAll(db).map { try $0.delivery() }
        }
    }

    /// Deletes all but the newest `count` deliveries.
    ///
    /// - Returns: How many were deleted.
    @discardableResult
    public func pruneDeliveries(keepingNewest count: Int) throws -> Int {
        try pruneRows(of: "deliveries", keepingNewest: count)
    }
}
