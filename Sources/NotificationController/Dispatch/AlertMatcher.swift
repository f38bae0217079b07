import SluiceCore
import Foundation
import SluiceAPI
import SluiceStore

/// Decides whether an Alert takes an event, as Flux's event server does: sources, severity, inclusion and exclusion lists.
public struct AlertMatcher: Sendable {
    /// The Alert.
    public let alert: Alert
    private let inclusions: [NSRegularExpression]
    private let exclusions: [NSRegularExpression]

    /// A matcher for `alert`.
    ///
    /// - Throws: an error naming the pattern when an inclusion or exclusion pattern is not a valid regular expression.
    public init(_ alert: Alert) throws {
        self.alert = alert
        func compile(_ patterns: [String]?) throws -> [NSRegularExpression] {
            try (patterns ?? []).map { pattern in
                do { return try NSRegularExpression(pattern: pattern) } catch {
                    throw AlertMatcherError(message: "invalid regular expression '\(pattern)' in Alert \(alert.metadata.namespace ?? "")/\(alert.metadata.name)")
                }
            }
        }
        inclusions = try compile(alert.spec.inclusionList)
        exclusions = try compile(alert.spec.exclusionList)
    }

    /// Whether any event source names objects by labels, so the involved object's labels are needed.
    public var needsLabels: Bool { alert.spec.eventSources.contains { !($0.matchLabels ?? [:]).isEmpty } }

    /// Whether the Alert takes `event`; `labels` are the involved object's, when ``needsLabels``.
    public func matches(_ event: Event, labels: [String: String]? = nil) -> Bool {
        if alert.spec.suspend == true || event.severity == .trace { return false }
        if alert.spec.eventSeverity == "error" && event.severity != .error { return false }
        guard alert.spec.eventSources.contains(where: { source($0, matches: event, labels: labels) }) else { return false }
        let message = event.message
        let range = NSRange(message.startIndex..., in: message)
        if !inclusions.isEmpty && !inclusions.contains(where: { $0.firstMatch(in: message, range: range) != nil }) { return false }
        if exclusions.contains(where: { $0.firstMatch(in: message, range: range) != nil }) { return false }
        return true
    }

    private func source(_ source: CrossNamespaceObjectReference, matches event: Event, labels: [String: String]?) -> Bool {
        let object = event.involvedObject
        guard source.kind == object.kind else { return false }
        let namespace = source.namespace ?? alert.metadata.namespace ?? "default"
        guard namespace == "*" || namespace == (object.namespace ?? "") else { return false }
        guard Self.glob(source.name, matches: object.name) else { return false }
        if let wanted = source.matchLabels, !wanted.isEmpty {
            guard source.name == "*", let labels else { return false }
            return wanted.allSatisfy { labels[$0.key] == $0.value }
        }
        return true
    }

    /// Whether `name` matches `pattern`, where `*` stands for any run of characters.
    static func glob(_ pattern: String, matches name: String) -> Bool {
        guard pattern.contains("*") else { return pattern == name }
        let parts = pattern.split(separator: "*", omittingEmptySubsequences: false).map(String.init)
        var rest = Substring(name)
        for (index, part) in parts.enumerated() {
            if index == 0 {
                guard rest.hasPrefix(part) else { return false }
                rest = rest.dropFirst(part.count)
            } else if index == parts.count - 1 {
                return part.isEmpty || rest.hasSuffix(part)
            } else if !part.isEmpty {
                guard let found = rest.range(of: part) else { return false }
                rest = rest[found.upperBound...]
            }
        }
        return rest.isEmpty
    }

    /// `event` with the Alert's `eventMetadata` and `summary` added; the event's own keys win, as in Flux.
    public func enrich(_ event: Event) -> Event {
        var event = event
        var metadata = event.metadata ?? [:]
        for (key, value) in alert.spec.eventMetadata ?? [:] where metadata[key] == nil { metadata[key] = value }
        if let summary = alert.spec.summary, !summary.isEmpty, metadata["summary"] == nil { metadata["summary"] = summary }
        event.metadata = metadata.isEmpty ? nil : metadata
        return event
    }
}

/// An Alert that cannot be used.
struct AlertMatcherError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
