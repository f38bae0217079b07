import Foundation
import SluiceCore

/// A patch's `target`: group, version, kind, name and namespace as anchored regular expressions, plus label and annotation selectors.
struct PatchTarget {
    var group: NSRegularExpression?
    var version: NSRegularExpression?
    var kind: NSRegularExpression?
    var name: NSRegularExpression?
    var namespace: NSRegularExpression?
    var labelSelector: LabelSelector?
    var annotationSelector: LabelSelector?

    init(json: JSONValue, file: String) throws(KustomizeError) {
        func regex(_ key: String) throws(KustomizeError) -> NSRegularExpression? {
            guard let pattern = json[key].flatMap(Kustomization.scalarString), !pattern.isEmpty else { return nil }
            do { return try NSRegularExpression(pattern: "^(?:\(pattern))$") } catch {
                throw KustomizeError("target.\(key): invalid regular expression '\(pattern)'", file: file)
            }
        }
        group = try regex("group")
        version = try regex("version")
        kind = try regex("kind")
        name = try regex("name")
        namespace = try regex("namespace")
        if let text = json["labelSelector"]?.stringValue { labelSelector = try LabelSelector(text, file: file) }
        if let text = json["annotationSelector"]?.stringValue { annotationSelector = try LabelSelector(text, file: file) }
    }

    static func matches(_ regex: NSRegularExpression?, _ text: String) -> Bool {
        guard let regex else { return true }
        return regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    /// kustomize's `ResMap.Select`: original or current namespace and name, current kind, labels, annotations.
    func selects(_ resource: Resource) -> Bool {
        let current = resource.currentId
        let original = resource.originalId
        if namespace != nil, !Self.matches(namespace, original.effectiveNamespace), !Self.matches(namespace, current.effectiveNamespace) { return false }
        if name != nil, !Self.matches(name, original.name), !Self.matches(name, current.name) { return false }
        let gvk = resource.gvk
        guard Self.matches(group, gvk.group), Self.matches(version, gvk.version), Self.matches(kind, gvk.kind) else { return false }
        if let labelSelector, !labelSelector.matches(resource.labels) { return false }
        if let annotationSelector, !annotationSelector.matches(resource.annotations) { return false }
        return true
    }
}

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
