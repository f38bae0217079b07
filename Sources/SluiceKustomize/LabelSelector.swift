import Foundation
import SluiceCore

/// A Kubernetes label selector string: `a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x)`, `a`, `!a`, comma-separated.
struct LabelSelector {
    enum Requirement {
        case equals(String, String)
        case notEquals(String, String)
        case isIn(String, Set<String>)
        case notIn(String, Set<String>)
        case exists(String)
        case notExists(String)
    }

    var requirements: [Requirement] = []

    init(_ text: String, file: String) throws(KustomizeError) {
        var parts: [String] = []
        var current = ""
        var depth = 0
        for c in text {
            if c == "(" { depth += 1 } else if c == ")" { depth -= 1 }
            if c == "," && depth == 0 { parts.append(current); current = "" } else { current.append(c) }
        }
        parts.append(current)
        for rawPart in parts {
            let part = rawPart.trimmingCharacters(in: .whitespaces)
            if part.isEmpty { continue }
            if let range = part.range(of: " notin ") {
                requirements.append(.notIn(String(part[..<range.lowerBound]).trimmingCharacters(in: .whitespaces), Self.values(part[range.upperBound...])))
            } else if let range = part.range(of: " in ") {
                requirements.append(.isIn(String(part[..<range.lowerBound]).trimmingCharacters(in: .whitespaces), Self.values(part[range.upperBound...])))
            } else if let range = part.range(of: "!=") {
                requirements.append(.notEquals(String(part[..<range.lowerBound]).trimmingCharacters(in: .whitespaces),
                                               String(part[range.upperBound...]).trimmingCharacters(in: .whitespaces)))
            } else if let range = part.range(of: "==") ?? part.range(of: "=") {
                requirements.append(.equals(String(part[..<range.lowerBound]).trimmingCharacters(in: .whitespaces),
                                            String(part[range.upperBound...]).trimmingCharacters(in: .whitespaces)))
            } else if part.hasPrefix("!") {
                requirements.append(.notExists(String(part.dropFirst()).trimmingCharacters(in: .whitespaces)))
            } else if part.contains(where: { $0 == " " || $0 == "(" }) {
                throw KustomizeError("invalid selector '\(text)'", file: file)
            } else {
                requirements.append(.exists(part))
            }
        }
    }

    private static func values(_ text: Substring) -> Set<String> {
        let inner = text.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "()"))
        return Set(inner.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
    }

    func matches(_ labels: JSONObject) -> Bool {
        func value(_ key: String) -> String? { labels[key].flatMap(Kustomization.scalarString) }
        for requirement in requirements {
            switch requirement {
            case .equals(let key, let expected): if value(key) != expected { return false }
            case .notEquals(let key, let expected): if value(key) == expected { return false }
            case .isIn(let key, let set): guard let v = value(key), set.contains(v) else { return false }
            case .notIn(let key, let set): if let v = value(key), set.contains(v) { return false }
            case .exists(let key): if value(key) == nil { return false }
            case .notExists(let key): if value(key) != nil { return false }
            }
        }
        return true
    }
}
