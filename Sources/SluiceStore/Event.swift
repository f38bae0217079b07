import Foundation
import SluiceCore

/// A report of something a controller did, in the shape of Flux's `event.toolkit.fluxcd.io/v1beta1` Event.
///
/// Controllers append events to the ``Store``; the notification-controller reads them in ``id`` order and
/// posts them to webhooks. `Codable` uses Flux's JSON keys and rules — `timestamp` as an RFC 3339 string
/// to the second, `metadata` and `reportingInstance` left out when empty — and leaves out ``id``, which is
/// the store's and not part of Flux's event. ``fluxJSON()`` gives the exact bytes Go's `json.Marshal`
/// writes for the same event.
public struct Event: Codable, Sendable, Hashable {
    /// The position in the store's event log, assigned on append and increasing; `nil` before.
    public var id: Int64?
    /// The object the event is about.
    public var involvedObject: InvolvedObject
    /// How much the event matters.
    public var severity: EventSeverity
    /// When the event happened. The store keeps milliseconds; Flux's JSON keeps seconds.
    public var timestamp: Date
    /// A human-readable description.
    public var message: String
    /// A machine-readable reason in UpperCamelCase, such as `ReconciliationSucceeded`.
    public var reason: String
    /// Extra key–value pairs, such as the revision, keyed as Flux keys them.
    public var metadata: [String: String]?
    /// The controller that recorded the event, such as `source-controller`.
    public var reportingController: String
    /// The instance of the controller that recorded the event.
    public var reportingInstance: String?

    /// An event; ``id`` stays `nil` until the store assigns it.
    public init(
        id: Int64? = nil, involvedObject: InvolvedObject, severity: EventSeverity, timestamp: Date = Date(),
        message: String, reason: String, metadata: [String: String]? = nil,
        reportingController: String, reportingInstance: String? = nil
    ) {
        self.id = id
        self.involvedObject = involvedObject
        self.severity = severity
        self.timestamp = timestamp
        self.message = message
        self.reason = reason
        self.metadata = metadata
        self.reportingController = reportingController
        self.reportingInstance = reportingInstance
    }

    /// Flux's JSON keys, in Go's declaration order.
    enum CodingKeys: String, CodingKey {
        case involvedObject, severity, timestamp, message, reason, metadata, reportingController, reportingInstance
    }

    /// Reads an event from Flux's JSON; ``id`` is `nil`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let text = try container.decode(String.self, forKey: .timestamp)
        guard let timestamp = Timestamp.parse(text) else {
            throw DecodingError.dataCorruptedError(
                forKey: .timestamp, in: container, debugDescription: "not an RFC 3339 timestamp: \(text)")
        }
        let metadata = try container.decodeIfPresent([String: String].self, forKey: .metadata)
        let instance = try container.decodeIfPresent(String.self, forKey: .reportingInstance)
        self.init(
            involvedObject: try container.decode(InvolvedObject.self, forKey: .involvedObject),
            severity: try container.decode(EventSeverity.self, forKey: .severity),
            timestamp: timestamp,
            message: try container.decodeIfPresent(String.self, forKey: .message) ?? "",
            reason: try container.decodeIfPresent(String.self, forKey: .reason) ?? "",
            metadata: metadata?.isEmpty == true ? nil : metadata,
            reportingController: try container.decodeIfPresent(String.self, forKey: .reportingController) ?? "",
            reportingInstance: instance?.isEmpty == true ? nil : instance)
    }

    /// Writes the event as Flux's JSON, without ``id``.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(involvedObject, forKey: .involvedObject)
        try container.encode(severity, forKey: .severity)
        try container.encode(Timestamp.rfc3339(timestamp), forKey: .timestamp)
        try container.encode(message, forKey: .message)
        try container.encode(reason, forKey: .reason)
        if let metadata, !metadata.isEmpty {
            try container.encode(metadata, forKey: .metadata)
        }
        try container.encode(reportingController, forKey: .reportingController)
        if let reportingInstance, !reportingInstance.isEmpty {
            try container.encode(reportingInstance, forKey: .reportingInstance)
        }
    }
}
