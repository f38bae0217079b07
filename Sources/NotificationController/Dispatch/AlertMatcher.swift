import SluiceCore
import Foundation
import SluiceAPI
import SluiceStore

/// Decides whether an Alert takes an event, as Flux's event server does: sources, severity, inclusion and exclusion lists.
///
/// The lists are matched with ``LinearRegex`` (RE2's syntax, linear time, as Flux's Go `regexp`), so a tenant's pattern
/// cannot stall the dispatcher. As in Flux, a pattern that does not compile is left out (and reported through
/// ``invalidPatterns``): an inclusion list of only such patterns takes nothing, an exclusion list of them drops nothing.
public struct AlertMatcher: Sendable {
    /// The Alert.
    public let alert: Alert
    /// What is wrong with each pattern that does not compile, naming its field (`spec.inclusionList[0]: …`).
    public let invalidPatterns: [String]
    private let inclusions: [LinearRegex]
    private let exclusions: [LinearRegex]

    /// A matcher for `alert`.
    public init(_ alert: Alert) {
        self.alert = alert
        var invalid: [String] = []
        func compile(_ patterns: [String]?, field: String, list: String) -> [LinearRegex] {
            (patterns ?? []).enumerated().compactMap { index, pattern in
                do { return try LinearRegex(pattern) } catch {
                    invalid.append("spec.\(field)[\(index)]: failed to compile \(list) regex '\(pattern)': \(error)")
                    return nil
                }
            }
        }
        inclusions = compile(alert.spec.inclusionList, field: "inclusionList", list: "inclusion")
        exclusions = compile(alert.spec.exclusionList, field: "exclusionList", list: "exclusion")
        invalidPatterns = invalid
    }

    /// Whether any event source names objects by labels, so the involved object's labels are needed.
    public var needsLabels: Bool { alert.spec.eventSources.contains { !($0.matchLabels ?? [:]).isEmpty } }

    /// Whether the Alert takes `event`; `labels` are the involved object's, when ``needsLabels``.
    public func matches(_ event: Event, labels: [String: String]? = nil) -> Bool {
        if alert.spec.suspend == true || event.severity == .trace { return false }
        if alert.spec.eventSeverity == "error" && event.severity != .error { return false }
        guard alert.spec.eventSources.contains(where: { source($0, matches: event, labels: labels) }) else { return false }
        let message = event.message
        if !(alert.spec.inclusionList ?? []).isEmpty && !inclusions.contains(where: { $0.matches(message) }) { return false }
        if exclusions.contains(where: { $0.matches(message) }) { return false }
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

    /// `event` as the Alert's provider sees it: the metadata's group prefixes stripped, with the Alert's
    /// `eventMetadata` and `summary` combined in Flux's order (the controller's own keys win).
    public func enrich(_ event: Event) -> Event {
        var alertMetadata = alert.spec.eventMetadata ?? [:]
        if let summary = alert.spec.summary, !summary.isEmpty { alertMetadata["summary"] = summary }
        return event.combiningMetadata(with: alertMetadata)
    }
}
