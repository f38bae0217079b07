import Foundation
import SluiceCore

/// SOPS's flattened metadata for formats without nesting (dotenv: `sops_age__list_0__map_enc`; INI: a `[sops]` section
/// of `age__list_0__map_enc` keys): `__map_` descends into a mapping, `__list_N` into a list.
enum SOPSFlatMetadata {
    static let mapSeparator = "__map_"
    static let listSeparator = "__list_"
    /// More list entries than any real metadata has; bounds hostile indices.
    static let maxListIndex = 10_000

    /// `value` flattened under `prefix`, keys sorted as SOPS sorts them; empty lists vanish.
    static func flatten(_ value: JSONValue, prefix: String) -> [(key: String, value: JSONValue)] {
        var result: [(key: String, value: JSONValue)] = []
        func descend(_ value: JSONValue, _ key: String) {
            switch value {
            case .object(let object):
                for member in object.members.sorted(by: { $0.key < $1.key }) { descend(member.value, key + mapSeparator + member.key) }
            case .array(let elements):
                for (index, element) in elements.enumerated() { descend(element, key + listSeparator + String(index)) }
            default:
                result.append((key, value))
            }
        }
        guard case .object(let object) = value else { return [] }
        for member in object.members.sorted(by: { $0.key < $1.key }) { descend(member.value, prefix + member.key) }
        return result
    }

    /// The metadata tree from flattened `entries` (prefix already removed).
    static func unflatten(_ entries: [(key: String, value: JSONValue)]) throws(SOPSMetadataError) -> JSONObject {
        final class Node {
            var value: JSONValue?
            var keys: [String: Node] = [:]
            var keyOrder: [String] = []
            var indices: [Int: Node] = [:]
        }
        let root = Node()
        for (key, value) in entries {
            var node = root
            for token in tokenize(key) {
                switch token {
                case .key(let name):
                    if let next = node.keys[name] { node = next } else {
                        let next = Node()
                        node.keys[name] = next
                        node.keyOrder.append(name)
                        node = next
                    }
                case .index(let index):
                    guard let index, (0...maxListIndex).contains(index) else {
                        throw SOPSMetadataError(reason: "flattened metadata key \(key) has a bad list index")
                    }
                    if let next = node.indices[index] { node = next } else {
                        let next = Node()
                        node.indices[index] = next
                        node = next
                    }
                }
            }
            guard node.value == nil else { throw SOPSMetadataError(reason: "flattened metadata key \(key) appears twice") }
            node.value = value
        }
        func convert(_ node: Node, depth: Int) throws(SOPSMetadataError) -> JSONValue {
            guard depth < 32 else { throw SOPSMetadataError(reason: "flattened metadata nests too deeply") }
            let kinds = (node.value != nil ? 1 : 0) + (node.keys.isEmpty ? 0 : 1) + (node.indices.isEmpty ? 0 : 1)
            guard kinds <= 1 else { throw SOPSMetadataError(reason: "flattened metadata mixes values, maps and lists") }
            if let value = node.value { return value }
            if !node.indices.isEmpty {
                guard node.indices.keys.min() == 0, node.indices.keys.max() == node.indices.count - 1 else {
                    throw SOPSMetadataError(reason: "flattened metadata has an incomplete list")
                }
                var elements: [JSONValue] = []
                for index in 0..<node.indices.count { elements.append(try convert(node.indices[index]!, depth: depth + 1)) }
                return .array(elements)
            }
            var object = JSONObject()
            for name in node.keyOrder { object[name] = try convert(node.keys[name]!, depth: depth + 1) }
            return .object(object)
        }
        guard case .object(let object) = try convert(root, depth: 0) else {
            throw SOPSMetadataError(reason: "flattened metadata is not a mapping")
        }
        return object
    }

    private enum Token {
        case key(String)
        case index(Int?)
    }

    /// Splits a flattened key at its separators, as SOPS's `tokenize` does.
    private static func tokenize(_ key: String) -> [Token] {
        var tokens: [Token] = []
        var rest = Substring(key)
        var isIndex = false
        func finish(_ text: Substring) {
            tokens.append(isIndex ? .index(Int(text)) : .key(String(text)))
        }
        while true {
            let map = rest.range(of: mapSeparator), list = rest.range(of: listSeparator)
            guard let next = [map, list].compactMap({ $0 }).min(by: { $0.lowerBound < $1.lowerBound }) else { break }
            finish(rest[..<next.lowerBound])
            isIndex = next == list
            rest = rest[next.upperBound...]
        }
        finish(rest)
        return tokens
    }
}
