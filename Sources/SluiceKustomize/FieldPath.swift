import SluiceCore

/// Dotted field paths with list indexes (`spec.ports[0].port`), as vars and replacements use.
enum FieldPath {
    static func segments(_ path: String) -> [String] {
        var result: [String] = []
        var current = ""
        var inBracket = false
        for c in path {
            if c == "[" && !inBracket {
                if !current.isEmpty { result.append(current) }
                current = "["
                inBracket = true
            } else if c == "]" && inBracket {
                current.append("]")
                result.append(current)
                current = ""
                inBracket = false
            } else if c == "." && !inBracket {
                if !current.isEmpty { result.append(current) }
                current = ""
            } else {
                current.append(c)
            }
        }
        if !current.isEmpty { result.append(current) }
        return result
    }

    static func value(at path: String, in root: JSONValue) -> JSONValue? {
        var node: JSONValue? = root
        for segment in segments(path) {
            guard let current = node else { return nil }
            if segment.hasPrefix("[") {
                let inner = String(segment.dropFirst().dropLast())
                guard let items = current.arrayValue else { return nil }
                if let index = Int(inner) {
                    guard index >= 0 && index < items.count else { return nil }
                    node = items[index]
                } else if let equals = inner.firstIndex(of: "=") {
                    let key = String(inner[..<equals]), expected = String(inner[inner.index(after: equals)...])
                    node = items.first { $0[key].flatMap(Kustomization.scalarString) == expected }
                } else {
                    return nil
                }
            } else if let items = current.arrayValue, let index = Int(segment) {
                guard index >= 0 && index < items.count else { return nil }
                node = items[index]
            } else {
                node = current[segment]
            }
        }
        return node
    }
}
