import Foundation

/// A parsed `labelSelector` query: `a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x)`, `a`, `!a`.
struct LabelSelector: Sendable {
    enum Requirement: Sendable {
        case equals(String, String)
        case notEquals(String, String)
        case isIn(String, Set<String>)
        case notIn(String, Set<String>)
        case exists(String)
        case doesNotExist(String)
    }

    var requirements: [Requirement] = []

    /// Everything.
    init() {}

    /// Parses `text`; throws a 400 for a malformed selector.
    init(parsing text: String) throws(APIError) {
        var parts: [String] = []
        var current = ""
        var depth = 0
        for ch in text {
            if ch == "(" { depth += 1 }
            if ch == ")" { depth -= 1 }
            if ch == "," && depth == 0 {
                parts.append(current)
                current = ""
            } else {
                current.append(ch)
            }
        }
        parts.append(current)
        for raw in parts {
            let part = raw.trimmingCharacters(in: .whitespaces)
            if part.isEmpty { continue }
            requirements.append(try Self.requirement(part, in: text))
        }
    }

    private static func requirement(_ part: String, in text: String) throws(APIError) -> Requirement {
        func bad() -> APIError { .badRequest("unable to parse requirement: found '\(part)', invalid label selector \"\(text)\"") }
        func set(_ s: Substring) throws(APIError) -> Set<String> {
            let t = s.trimmingCharacters(in: .whitespaces)
            guard t.hasPrefix("("), t.hasSuffix(")") else { throw bad() }
            return Set(t.dropFirst().dropLast().split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        }
        if part.hasPrefix("!") {
            let key = part.dropFirst().trimmingCharacters(in: .whitespaces)
            guard !key.isEmpty else { throw bad() }
            return .doesNotExist(key)
        }
        if let range = part.range(of: "!=") {
            return .notEquals(part[..<range.lowerBound].trimmingCharacters(in: .whitespaces),
                              part[range.upperBound...].trimmingCharacters(in: .whitespaces))
        }
        if let range = part.range(of: "==") ?? part.range(of: "=") {
            return .equals(part[..<range.lowerBound].trimmingCharacters(in: .whitespaces),
                           part[range.upperBound...].trimmingCharacters(in: .whitespaces))
        }
        if let range = part.range(of: " notin ") {
            return .notIn(part[..<range.lowerBound].trimmingCharacters(in: .whitespaces), try set(part[range.upperBound...]))
        }
        if let range = part.range(of: " in ") {
            return .isIn(part[..<range.lowerBound].trimmingCharacters(in: .whitespaces), try set(part[range.upperBound...]))
        }
        guard !part.contains(" "), !part.contains("(") else { throw bad() }
        return .exists(part)
    }

    /// Whether `labels` satisfy every requirement.
    func matches(_ labels: [String: String]) -> Bool {
        for requirement in requirements {
            switch requirement {
            case .equals(let k, let v): if labels[k] != v { return false }
            case .notEquals(let k, let v): if labels[k] == v { return false }
            case .isIn(let k, let values): guard let v = labels[k], values.contains(v) else { return false }
            case .notIn(let k, let values): if let v = labels[k], values.contains(v) { return false }
            case .exists(let k): if labels[k] == nil { return false }
            case .doesNotExist(let k): if labels[k] != nil { return false }
            }
        }
        return true
    }

    /// Whether this selects everything.
    var isEmpty: Bool { requirements.isEmpty }
}
