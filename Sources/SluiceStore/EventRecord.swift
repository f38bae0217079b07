import Foundation
import GRDB

/// One row of the `events` table: an ``Event`` with its involved object flattened into columns that
/// filters can use.
struct EventRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static var databaseTableName: String { "events" }

    var id: Int64?
    var involvedKind: String
    var involvedNamespace: String?
    var involvedName: String
    var involvedUID: String?
    var involvedAPIVersion: String
    var involvedResourceVersion: String?
    var involvedFieldPath: String?
    /// The severity's raw value; the schema admits only ``EventSeverity``'s.
    var severity: String
    var timestamp: Date
    var message: String
    var reason: String
    /// Stored as a JSON object.
    var metadata: [String: String]?
    var reportingController: String
    var reportingInstance: String?

    /// The row for `event`; its id is left for SQLite to assign.
    init(_ event: Event) {
        id = nil
        involvedKind = event.involvedObject.kind
        involvedNamespace = event.involvedObject.namespace
        involvedName = event.involvedObject.name
        involvedUID = event.involvedObject.uid
        involvedAPIVersion = event.involvedObject.apiVersion
        involvedResourceVersion = event.involvedObject.resourceVersion
        involvedFieldPath = event.involvedObject.fieldPath
        severity = event.severity.rawValue
        timestamp = event.timestamp
        message = event.message
        reason = event.reason
        metadata = event.metadata
        reportingController = event.reportingController
        reportingInstance = event.reportingInstance
    }

    /// The event this row holds.
    func event() throws -> Event {
        guard let severity = EventSeverity(rawValue: severity) else {
            throw DatabaseError(resultCode: .SQLITE_CORRUPT, message: "event \(id ?? 0) has unknown severity \(severity)")
        }
        let involved = InvolvedObject(
            kind: involvedKind, namespace: involvedNamespace, name: involvedName, uid: involvedUID,
            apiVersion: involvedAPIVersion, resourceVersion: involvedResourceVersion, fieldPath: involvedFieldPath)
        return Event(
            id: id, involvedObject: involved, severity: severity, timestamp: timestamp, message: message,
            reason: reason, metadata: metadata, reportingController: reportingController,
            reportingInstance: reportingInstance)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
