import Crypto

/// SOPS's tree walk (`walkBranch`/`walkSlice`): every leaf and comment in document order, with its path and the comments
/// above it, through `visit`; nulls are left alone as SOPS leaves them.
struct SOPSTreeWalker {
    /// How deep a document may nest before the walk refuses it (trees built in code are not bounded by a parser).
    static let maxDepth = 1_000

    /// Why a walk stopped.
    enum Failure: Error {
        case tooDeep
        /// A leaf could not be handled; `path` is SOPS's additional data form (`a:b:`), never a value.
        case leaf(path: String, reason: String)
    }

    /// Called for each leaf: the leaf (a value or a `.comment`), its path and comment stack; returns its replacement.
    typealias Visit = (_ leaf: SOPSValue, _ path: [String], _ comments: [[String]]) throws(Failure) -> SOPSValue

    static func walk(_ node: SOPSNode, visit: Visit) throws(Failure) -> SOPSNode {
        try walkValue(node, path: [], comments: [], depth: 0, visit: visit)
    }

    private static func walkValue(_ node: SOPSNode, path: [String], comments: [[String]], depth: Int,
                                  visit: Visit) throws(Failure) -> SOPSNode {
        guard depth < maxDepth else { throw .tooDeep }
        switch node {
        case .null:
            return .null
        case .leaf(let value):
            return .leaf(try visit(value, path, comments))
        case .array(let elements):
            var comments = comments + [[]]
            var result: [SOPSNode] = []
            result.reserveCapacity(elements.count)
            for element in elements {
                if case .leaf(.comment(let text)) = element {
                    comments[comments.count - 1].append(text)
                    result.append(.leaf(asComment(try visit(.comment(text), path, comments))))
                } else {
                    result.append(try walkValue(element, path: path, comments: comments, depth: depth + 1, visit: visit))
                    comments[comments.count - 1] = []
                }
            }
            return .array(result)
        case .branch(let items):
            var comments = comments + [[]]
            var result: [SOPSItem] = []
            result.reserveCapacity(items.count)
            for item in items {
                switch item.key {
                case .comment(let text):
                    comments[comments.count - 1].append(text)
                    let visited = asComment(try visit(.comment(text), path, comments))
                    guard case .comment(let newText) = visited else { continue }
                    result.append(SOPSItem(key: .comment(newText), value: .null))
                case .name(let key):
                    let value = try walkValue(item.value, path: path + [key], comments: comments, depth: depth + 1, visit: visit)
                    result.append(SOPSItem(key: .name(key), value: value))
                    comments[comments.count - 1] = []
                }
            }
            return .branch(result)
        }
    }

    /// A visited comment stays a comment (its encrypted form is text too).
    private static func asComment(_ value: SOPSValue) -> SOPSValue {
        if case .string(let text) = value { return .comment(text) }
        return value
    }
}
