import SluiceCore

/// JSON patches (RFC 6902) with RFC 6901 pointers.
public enum JSONPatch {
    /// RFC 6902 (add, remove, replace, move, copy, test) with RFC 6901 pointers (~0, ~1, "-" append).
    ///
    /// Operations apply in order to a working copy; the first failure stops
    /// the patch and nothing is applied.
    ///
    /// - Parameters:
    ///   - operations: A JSON array of operation objects.
    ///   - document: The document to patch.
    /// - Returns: The patched document.
    /// - Throws: ``PatchError`` naming the operation, its pointer and the cause.
    public static func apply(_ operations: JSONValue, to document: JSONValue) throws(PatchError) -> JSONValue {
        guard case .array(let list) = operations else {
            throw PatchError("a JSON patch must be an array of operations, found \(operations.typeName)")
        }
        var document = document
        for (offset, operation) in list.enumerated() {
            guard case .object(let fields) = operation else {
                throw PatchError("operation \(offset): expected an object, found \(operation.typeName)")
            }
            guard let op = fields["op"]?.stringValue else {
                throw PatchError("operation \(offset): missing \"op\"")
            }
            func context() -> String { "operation \(offset) (\(op))" }
            func pointer(_ name: String) throws(PatchError) -> JSONPointer {
                guard let text = fields[name]?.stringValue else {
                    throw PatchError("\(context()): missing \"\(name)\"")
                }
                do { return try JSONPointer(text) } catch { throw PatchError("\(context()): \(error.message)") }
            }
            func value() throws(PatchError) -> JSONValue {
                // An explicit null is a value; only a missing member is an error.
                guard let value = fields["value"] else { throw PatchError("\(context()): missing \"value\"") }
                return value
            }
            do throws(PatchError) {
                switch op {
                case "add":
                    document = try add(try value(), at: try pointer("path"), in: document)
                case "remove":
                    document = try remove(at: try pointer("path"), in: document).document
                case "replace":
                    let path = try pointer("path")
                    _ = try get(path, in: document)
                    document = try set(try value(), at: path, in: document)
                case "move":
                    let from = try pointer("from")
                    let path = try pointer("path")
                    if from.tokens == path.tokens { _ = try get(from, in: document); continue }
                    if path.isInside(from) {
                        throw PatchError("cannot move \"\(from)\" into itself (\"\(path)\")")
                    }
                    let removed = try remove(at: from, in: document)
                    document = try add(removed.value, at: path, in: removed.document)
                case "copy":
                    let from = try pointer("from")
                    document = try add(try get(from, in: document), at: try pointer("path"), in: document)
                case "test":
                    let path = try pointer("path")
                    let expected = try value()
                    let actual = try get(path, in: document)
                    if actual != expected {
                        throw PatchError("test failed: \"\(path)\" is \(JSONSerializer().string(actual)), not \(JSONSerializer().string(expected))")
                    }
                default:
                    throw PatchError("unknown operation \"\(op)\"")
                }
            } catch {
                throw error.message.hasPrefix("operation ") ? error : PatchError("\(context()): \(error.message)")
            }
        }
        return document
    }

    private static func get(_ pointer: JSONPointer, in document: JSONValue) throws(PatchError) -> JSONValue {
        var node = document
        for (depth, token) in pointer.tokens.enumerated() {
            switch node {
            case .object(let object):
                guard let child = object[token] else {
                    throw PatchError("\"\(pointer)\": no member \"\(token)\" at \(prefix(pointer, depth))")
                }
                node = child
            case .array(let list):
                guard let index = JSONPointer.index(token, count: list.count, allowEnd: false) else {
                    throw PatchError("\"\(pointer)\": no element \"\(token)\" in the list of \(list.count) at \(prefix(pointer, depth))")
                }
                node = list[index]
            default:
                throw PatchError("\"\(pointer)\": \(prefix(pointer, depth)) is a \(node.typeName), not an object or list")
            }
        }
        return node
    }

    /// Edits the container that holds the pointer's last token.
    private static func editParent(of pointer: JSONPointer, in document: JSONValue,
                                   _ body: (inout JSONValue, String) throws(PatchError) -> Void) throws(PatchError) -> JSONValue {
        func descend(_ node: JSONValue, _ depth: Int) throws(PatchError) -> JSONValue {
            var node = node
            let token = pointer.tokens[depth]
            if depth == pointer.tokens.count - 1 {
                try body(&node, token)
                return node
            }
            switch node {
            case .object(var object):
                guard let child = object[token] else {
                    throw PatchError("\"\(pointer)\": no member \"\(token)\" at \(prefix(pointer, depth))")
                }
                object[token] = try descend(child, depth + 1)
                return .object(object)
            case .array(var list):
                guard let index = JSONPointer.index(token, count: list.count, allowEnd: false) else {
                    throw PatchError("\"\(pointer)\": no element \"\(token)\" in the list of \(list.count) at \(prefix(pointer, depth))")
                }
                list[index] = try descend(list[index], depth + 1)
                return .array(list)
            default:
                throw PatchError("\"\(pointer)\": \(prefix(pointer, depth)) is a \(node.typeName), not an object or list")
            }
        }
        return try descend(document, 0)
    }

    private static func add(_ value: JSONValue, at pointer: JSONPointer, in document: JSONValue) throws(PatchError) -> JSONValue {
        if pointer.tokens.isEmpty { return value }
        return try editParent(of: pointer, in: document) { (container: inout JSONValue, token: String) throws(PatchError) in
            switch container {
            case .object(var object):
                object[token] = value
                container = .object(object)
            case .array(var list):
                guard let index = JSONPointer.index(token, count: list.count, allowEnd: true) else {
                    throw PatchError("\"\(pointer)\": cannot insert at \"\(token)\" in a list of \(list.count)")
                }
                list.insert(value, at: index)
                container = .array(list)
            default:
                throw PatchError("\"\(pointer)\": cannot add to a \(container.typeName)")
            }
        }
    }

    private static func set(_ value: JSONValue, at pointer: JSONPointer, in document: JSONValue) throws(PatchError) -> JSONValue {
        if pointer.tokens.isEmpty { return value }
        return try editParent(of: pointer, in: document) { (container: inout JSONValue, token: String) throws(PatchError) in
            switch container {
            case .object(var object):
                object[token] = value
                container = .object(object)
            case .array(var list):
                guard let index = JSONPointer.index(token, count: list.count, allowEnd: false) else {
                    throw PatchError("\"\(pointer)\": no element \"\(token)\" in a list of \(list.count)")
                }
                list[index] = value
                container = .array(list)
            default:
                throw PatchError("\"\(pointer)\": cannot replace in a \(container.typeName)")
            }
        }
    }

    private static func remove(at pointer: JSONPointer, in document: JSONValue) throws(PatchError) -> (document: JSONValue, value: JSONValue) {
        guard !pointer.tokens.isEmpty else { throw PatchError("cannot remove the whole document") }
        var removed = JSONValue.null
        let result = try editParent(of: pointer, in: document) { (container: inout JSONValue, token: String) throws(PatchError) in
            switch container {
            case .object(var object):
                guard let value = object[token] else {
                    throw PatchError("\"\(pointer)\": no member \"\(token)\" to remove")
                }
                removed = value
                object[token] = nil
                container = .object(object)
            case .array(var list):
                guard let index = JSONPointer.index(token, count: list.count, allowEnd: false) else {
                    throw PatchError("\"\(pointer)\": no element \"\(token)\" to remove in a list of \(list.count)")
                }
                removed = list.remove(at: index)
                container = .array(list)
            default:
                throw PatchError("\"\(pointer)\": cannot remove from a \(container.typeName)")
            }
        }
        return (result, removed)
    }

    private static func prefix(_ pointer: JSONPointer, _ depth: Int) -> String {
        depth == 0 ? "the document root" : "\"/" + pointer.tokens.prefix(depth).joined(separator: "/") + "\""
    }
}
