import SluiceCore

/// A document as SOPS's stores see it: ordered branches whose keys may be comments, arrays that may hold comments.
indirect enum SOPSNode {
    case null
    case leaf(SOPSValue)
    case array([SOPSNode])
    case branch([SOPSItem])

    /// The node for a document tree (no comments: the tree readers drop them).
    init(_ value: JSONValue) {
        switch value {
        case .null: self = .null
        case .array(let elements): self = .array(elements.map(SOPSNode.init))
        case .object(let object): self = .branch(object.members.map { SOPSItem(key: .name($0.key), value: SOPSNode($0.value)) })
        default: self = SOPSValue(value).map(SOPSNode.leaf) ?? .null
        }
    }

    /// The document tree for this node; comments are dropped (the tree has no place for them).
    var jsonValue: JSONValue {
        switch self {
        case .null: return .null
        case .leaf(let value): return value.jsonValue ?? .null
        case .array(let elements):
            return .array(elements.compactMap { if case .leaf(.comment) = $0 { return nil } else { return $0.jsonValue } })
        case .branch(let items):
            var object = JSONObject()
            for item in items {
                if case .name(let key) = item.key { object[key] = item.value.jsonValue }
            }
            return .object(object)
        }
    }
}

/// One entry of a ``SOPSNode`` branch.
struct SOPSItem {
    /// A key, or a comment line standing where a key would.
    enum Key: Equatable {
        case name(String)
        case comment(String)
    }

    var key: Key
    var value: SOPSNode
}
