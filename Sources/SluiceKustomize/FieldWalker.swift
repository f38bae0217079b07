import SluiceCore

/// kustomize's `fieldspec.Filter`: walks a path through maps, entering every element of the lists it meets.
enum FieldWalker {
    /// What a missing field at the end of a path is created as.
    enum Creation {
        case mapping
        case scalar
    }

    /// Calls `visit` on every node at `segments` below `node`.
    ///
    /// - Parameters:
    ///   - create: What to create for a missing last segment (intermediate ones become maps); `nil` creates nothing.
    static func walk(_ node: inout JSONValue, _ segments: ArraySlice<String>, create: Creation?,
                     visit: (inout JSONValue) throws(KustomizeError) -> Void) throws(KustomizeError) {
        guard let segment = segments.first else {
            try visit(&node)
            return
        }
        switch node {
        case .null:
            return
        case .array(var items):
            for index in items.indices { try walk(&items[index], segments, create: create, visit: visit) }
            node = .array(items)
        case .object(var object):
            var name = segment
            var isSequence = false
            if name.hasSuffix("[]") { name.removeLast(2); isSequence = true }
            let rest = segments.dropFirst()
            var child: JSONValue
            if let existing = object[name] {
                child = existing
                if child.isNull {
                    if isSequence { child = .array([]) } else if let create, rest.isEmpty {
                        child = create == .mapping ? .object(JSONObject()) : child
                    } else if create != nil { child = .object(JSONObject()) }
                }
            } else if let create, !isSequence {
                if rest.isEmpty {
                    child = create == .mapping ? .object(JSONObject()) : .string("")
                } else {
                    child = .object(JSONObject())
                }
            } else {
                return
            }
            try walk(&child, rest, create: create, visit: visit)
            object[name] = child
            node = .object(object)
        default:
            throw KustomizeError("expected a sequence or mapping at '\(segment)'")
        }
    }
}
