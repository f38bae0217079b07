import Foundation

/// A Kubernetes label selector (`app=web,tier!=db,env in (a,b),!legacy`): parsed, printed and matched in one place
/// for the API server, the client and the kustomize engine.
public struct LabelSelector: Sendable, Equatable, CustomStringConvertible {
    /// One requirement.
    public enum Requirement: Sendable, Equatable {
        /// `key=value` (or `key==value`)
        case equals(String, String)
        /// `key!=value`
        case notEquals(String, String)
        /// `key in (v1,v2)`
        case `in`(String, [String])
        /// `key notin (v1,v2)`
        case notIn(String, [String])
        /// `key`
        case exists(String)
        /// `!key`
        case doesNotExist(String)

        var text: String {
            switch self {
            case .equals(let k, let v): return "\(k)=\(v)"
            case .notEquals(let k, let v): return "\(k)!=\(v)"
            case .in(let k, let vs): return "\(k) in (\(vs.sorted().joined(separator: ",")))"
            case .notIn(let k, let vs): return "\(k) notin (\(vs.sorted().joined(separator: ",")))"
            case .exists(let k): return k
            case .doesNotExist(let k): return "!\(k)"
            }
        }

        /// Whether the label values `value(key)` satisfy this requirement.
        func holds(_ value: (String) -> String?) -> Bool {
            switch self {
            case .equals(let k, let v): return value(k) == v
            case .notEquals(let k, let v): return value(k) != v
            case .in(let k, let vs): return value(k).map(vs.contains) ?? false
            case .notIn(let k, let vs): return !(value(k).map(vs.contains) ?? false)
            case .exists(let k): return value(k) != nil
            case .doesNotExist(let k): return value(k) == nil
            }
        }
    }

    /// The requirements, all of which must hold.
    public var requirements: [Requirement]

    /// A selector of requirements; none selects everything.
    public init(_ requirements: [Requirement] = []) { self.requirements = requirements }

    /// A selector matching labels equal to `labels` (keys sorted for a stable string).
    public init(matching labels: [String: String]) {
        requirements = labels.keys.sorted().map { .equals($0, labels[$0]!) }
    }

    /// Parses the API's string form, as `labels.Parse` in Kubernetes does.
    ///
    /// - Throws: ``LabelSelectorError`` naming the requirement that could not be read.
    public init(parsing text: String) throws(LabelSelectorError) {
        var parts: [String] = []
        var current = ""
        var depth = 0
        for character in text {
            if character == "(" { depth += 1 }
            if character == ")" { depth -= 1 }
            if character == "," && depth == 0 {
                parts.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        parts.append(current)
        requirements = []
        for raw in parts {
            let part = raw.trimmingCharacters(in: .whitespaces)
            if part.isEmpty { continue }
            requirements.append(try Self.requirement(part, in: text))
        }
    }

    private static func requirement(_ part: String, in text: String) throws(LabelSelectorError) -> Requirement {
        func trimmed(_ s: Substring) -> String { s.trimmingCharacters(in: .whitespaces) }
        func values(_ s: Substring) throws(LabelSelectorError) -> [String] {
            let t = trimmed(s)
            guard t.hasPrefix("("), t.hasSuffix(")") else { throw LabelSelectorError(requirement: part, selector: text) }
            return t.dropFirst().dropLast().split(separator: ",").map(trimmed)
        }
        if part.hasPrefix("!") {
            let key = trimmed(part.dropFirst())
            guard !key.isEmpty, !key.contains(" ") else { throw LabelSelectorError(requirement: part, selector: text) }
            return .doesNotExist(key)
        }
        if let range = part.range(of: " notin ") { return .notIn(trimmed(part[..<range.lowerBound]), try values(part[range.upperBound...])) }
        if let range = part.range(of: " in ") { return .in(trimmed(part[..<range.lowerBound]), try values(part[range.upperBound...])) }
        if let range = part.range(of: "!=") { return .notEquals(trimmed(part[..<range.lowerBound]), trimmed(part[range.upperBound...])) }
        if let range = part.range(of: "==") ?? part.range(of: "=") {
            return .equals(trimmed(part[..<range.lowerBound]), trimmed(part[range.upperBound...]))
        }
        guard !part.contains(" "), !part.contains("(") else { throw LabelSelectorError(requirement: part, selector: text) }
        return .exists(part)
    }

    /// Whether this selects everything.
    public var isEmpty: Bool { requirements.isEmpty }

    /// Whether `labels` satisfy every requirement.
    public func matches(_ labels: [String: String]) -> Bool { matches { labels[$0] } }

    /// Whether the labels `value(key)` answers satisfy every requirement.
    public func matches(_ value: (String) -> String?) -> Bool { requirements.allSatisfy { $0.holds(value) } }

    /// The selector string, as sent in `labelSelector=`.
    public var description: String { requirements.map(\.text).joined(separator: ",") }
}
