import SluiceCore

/// The structured-merge-diff operations server-side apply needs, over JSON values and a ``MergeSchema``:
/// a value's field set, merging a configuration into a live object, comparing two objects, and removing fields.
struct StructuredWalker {
    let schema: MergeSchema

    // MARK: Shapes

    func shape(of field: SchemaField?, value: JSONValue?) -> FieldShape {
        guard let field, let resolved = schema.resolve(field) else { return Self.deduced(value) }
        if field.intOrString || resolved.intOrString { return .scalar }
        if field.mapType == "atomic" || resolved.mapType == "atomic" { return .atomic }
        if let properties = resolved.properties, !properties.isEmpty { return .structure }
        switch resolved.type ?? field.type {
        case "object"?:
            return .map
        case "array"?:
            switch field.listType ?? resolved.listType {
            case "atomic"?: return .atomic
            case "set"?: return .set
            case "map"?: return .associative(field.listMapKeys.isEmpty ? resolved.listMapKeys : field.listMapKeys)
            default:
                // Built-in lists without a list type follow their patch strategy, as kube's schema conversion does.
                guard field.strategies.contains("merge") else { return .atomic }
                if let key = field.mergeKey { return .associative([key]) }
                return .set
            }
        case "string"?, "integer"?, "number"?, "boolean"?:
            return .scalar
        default:
            return Self.deduced(value)
        }
    }

    /// structured-merge-diff's deduced type: objects are granular maps, lists atomic.
    static func deduced(_ value: JSONValue?) -> FieldShape {
        switch value {
        case .object?: return .map
        case .array?: return .atomic
        default: return .scalar
        }
    }

    /// Whether a value has the JSON type a shape needs (a mismatch makes the node a plain leaf).
    static func fits(_ value: JSONValue, _ shape: FieldShape) -> Bool {
        switch shape {
        case .structure, .map: return value.objectValue != nil || value.isNull
        case .set, .associative: return value.arrayValue != nil || value.isNull
        case .scalar: return value.objectValue == nil && value.arrayValue == nil
        case .atomic: return true
        }
    }

    /// The path element of a list element.
    func element(_ item: JSONValue, shape: FieldShape, field: SchemaField?, path: [PathElement]) throws(ApplyError) -> PathElement {
        switch shape {
        case .associative(let keys):
            guard case .object(let object) = item else {
                throw ApplyError.invalid("\(display(path)): associative list elements must be objects, found \(item.typeName)")
            }
            var fields: [PathElement.KeyField] = []
            let elementField = schema.resolve(schema.element(of: field))
            for key in keys {
                if let value = object[key] {
                    fields.append(.init(name: key, value: value))
                } else if let value = elementField?.properties?[key]?.defaultValue {
                    fields.append(.init(name: key, value: value))
                } else if key == "protocol" {
                    // The one defaulted key among built-in list-map keys (ports): kube's schema defaults it to TCP.
                    fields.append(.init(name: key, value: "TCP"))
                } else {
                    throw ApplyError.invalid("\(display(path)): element \(JSONSerializer().string(item)): associative list with keys has an element that omits key field \"\(key)\" (and doesn't have default value)")
                }
            }
            return .key(fields.sorted { $0.name < $1.name })
        default:
            return .value(item)
        }
    }

    // MARK: Field sets

    /// The set of fields a value sets (structured-merge-diff's `ToFieldSet`).
    ///
    /// With `validate`, type mismatches, missing keys and duplicates are errors (as for an applied
    /// configuration); without, such nodes are skipped (for live objects, which must not fail).
    func fieldSet(_ value: JSONValue, field: SchemaField?, validate: Bool) throws(ApplyError) -> FieldSet {
        var set = FieldSet()
        try collect(value, field: field, path: [], validate: validate, into: &set)
        return set
    }

    private func collect(_ value: JSONValue, field: SchemaField?, path: [PathElement], validate: Bool, into set: inout FieldSet) throws(ApplyError) {
        let shape = shape(of: field, value: value)
        if !Self.fits(value, shape) {
            if validate {
                let expected = (shape == .structure || shape == .map) ? "map" : (shape == .scalar ? "scalar" : "list")
                throw ApplyError.invalid("\(display(path)): expected \(expected), got \(value.typeName)")
            }
            set.insert(path)
            return
        }
        if validate, shape == .scalar { try checkScalar(value, field: field, path: path) }
        switch (shape, value) {
        case (.structure, .object(let object)), (.map, .object(let object)):
            for (key, child) in object {
                let childPath = path + [.field(key)]
                try collect(child, field: schema.child(of: field, key), path: childPath, validate: validate, into: &set)
                if child.isNull || child.objectValue?.isEmpty == true || !(shape == .structure && schema.declares(field, key)) {
                    set.insert(childPath)
                }
            }
        case (.set, .array(let list)), (.associative, .array(let list)):
            let elementField = schema.element(of: field)
            var seen = Set<PathElement>()
            for item in list {
                let element: PathElement
                do {
                    element = try self.element(item, shape: shape, field: field, path: path)
                } catch {
                    if validate { throw error }
                    continue
                }
                if !seen.insert(element).inserted {
                    if validate { throw ApplyError.invalid("\(display(path)): duplicate entries for key \(element.pathString)") }
                    continue
                }
                let childPath = path + [element]
                try collect(item, field: shape == .set ? nil : elementField, path: childPath, validate: validate, into: &set)
                set.insert(childPath)
            }
        default:
            set.insert(path)
        }
    }

    private func checkScalar(_ value: JSONValue, field: SchemaField?, path: [PathElement]) throws(ApplyError) {
        guard let field, field.ref == nil, !field.intOrString, !value.isNull else { return }
        let ok: Bool
        switch field.type {
        case "string"?: ok = value.stringValue != nil
        case "integer"?: ok = value.intValue != nil
        case "number"?: ok = value.doubleValue != nil
        case "boolean"?: ok = value.boolValue != nil
        default: ok = true
        }
        if !ok { throw ApplyError.invalid("\(display(path)): expected \(field.type!), got \(value.typeName)") }
    }

    /// The set with every declared field that has something below it made a member too
    /// (structured-merge-diff's `EnsureNamedFieldsAreMembers`), so that pruning keeps structs holding owned fields.
    func ensuringNamedFieldsAreMembers(_ set: FieldSet, field: SchemaField?) -> FieldSet {
        var result = set
        for (element, child) in set.children {
            var childField: SchemaField?
            if case .field(let name) = element {
                childField = schema.child(of: field, name)
                if schema.declares(field, name) { result.members.insert(element) }
            } else {
                childField = schema.element(of: field)
            }
            result.children[element] = ensuringNamedFieldsAreMembers(child, field: childField)
        }
        return result
    }

    // MARK: Merging

    /// The configuration merged into the live object (structured-merge-diff's `Merge`): objects merge,
    /// associative and set lists merge by element, atomic nodes and scalars take the configuration's value.
    func merge(_ live: JSONValue?, _ config: JSONValue?, field: SchemaField?) -> JSONValue? {
        guard let config else { return live }
        guard let live else { return Self.droppingNulls(config) }
        let shape = shape(of: field, value: config)
        switch (shape, live, config) {
        case (.structure, .object(let lhs), .object(let rhs)), (.map, .object(let lhs), .object(let rhs)):
            var out = lhs
            for (key, value) in rhs {
                if value.isNull {
                    out[key] = nil
                } else {
                    out[key] = merge(lhs[key], value, field: schema.child(of: field, key))
                }
            }
            return .object(out)
        case (.set, .array(let lhs), .array(let rhs)), (.associative, .array(let lhs), .array(let rhs)):
            return .array(mergeList(lhs, rhs, shape: shape, field: field))
        default:
            return Self.droppingNulls(config)
        }
    }

    /// Merges list elements keeping the live order and placing new elements as structured-merge-diff does.
    private func mergeList(_ lhs: [JSONValue], _ rhs: [JSONValue], shape: FieldShape, field: SchemaField?) -> [JSONValue] {
        let elementField = shape == .set ? nil : schema.element(of: field)
        func elements(_ list: [JSONValue]) -> [(PathElement?, JSONValue)] {
            list.map { ((try? element($0, shape: shape, field: field, path: [])), $0) }
        }
        let left = elements(lhs), right = elements(rhs)
        var leftByElement: [PathElement: JSONValue] = [:]
        for (element, value) in left { if let element, leftByElement[element] == nil { leftByElement[element] = value } }
        var rightByElement: [PathElement: JSONValue] = [:]
        for (element, value) in right { if let element, rightByElement[element] == nil { rightByElement[element] = value } }
        var shared = right.compactMap { $0.0 }.filter { leftByElement[$0] != nil }[...]
        var mergedRight = Set<PathElement>()
        var out: [JSONValue] = []
        var l = 0, r = 0
        while l < left.count || r < right.count {
            if l < left.count && r < right.count, let le = left[l].0, let re = right[r].0 {
                if le == re {
                    mergedRight.insert(re)
                    if let merged = merge(left[l].1, right[r].1, field: elementField) { out.append(merged) }
                    l += 1; r += 1
                    if shared.first == re { shared = shared.dropFirst() }
                    continue
                }
                if rightByElement[le] != nil, let next = shared.first, next != le {
                    l += 1
                    continue
                }
            }
            if l < left.count {
                let le = left[l].0
                if le == nil || rightByElement[le!] == nil {
                    out.append(left[l].1)
                    l += 1
                    continue
                } else if mergedRight.contains(le!) {
                    l += 1
                    continue
                }
            }
            if r < right.count {
                let re = right[r].0
                if let re { mergedRight.insert(re) }
                let lhsValue = re.flatMap { leftByElement[$0] }
                if let merged = merge(lhsValue, right[r].1, field: elementField) { out.append(merged) }
                r += 1
                if let re, shared.first == re { shared = shared.dropFirst() }
            } else {
                l += 1
            }
        }
        return out
    }

    static func droppingNulls(_ value: JSONValue) -> JSONValue {
        StrategicMerger.discardingNulls(value)
    }

    // MARK: Comparing

    /// What changed from `old` to `new`: paths added, modified (leaves whose value changed) and removed.
    struct Comparison {
        var added = FieldSet()
        var modified = FieldSet()
        var removed = FieldSet()

        var isSame: Bool { added.isEmpty && modified.isEmpty && removed.isEmpty }

        func excluding(_ ignored: FieldSet) -> Comparison {
            Comparison(added: added.recursiveDifference(ignored), modified: modified.recursiveDifference(ignored),
                       removed: removed.recursiveDifference(ignored))
        }
    }

    func compare(_ old: JSONValue, _ new: JSONValue, field: SchemaField?) -> Comparison {
        var comparison = Comparison()
        compare(old, new, field: field, path: [], into: &comparison)
        return comparison
    }

    private func compare(_ old: JSONValue?, _ new: JSONValue?, field: SchemaField?, path: [PathElement], into c: inout Comparison) {
        let shape = shape(of: field, value: new ?? old)
        var descended = false
        switch (shape, old, new) {
        case (.structure, _, _), (.map, _, _):
            if (old == nil || old?.objectValue != nil) && (new == nil || new?.objectValue != nil) {
                descended = true
                let lhs = old?.objectValue ?? JSONObject(), rhs = new?.objectValue ?? JSONObject()
                var keys = lhs.keys
                for key in rhs.keys where !lhs.contains(key) { keys.append(key) }
                for key in keys {
                    compare(lhs[key], rhs[key], field: schema.child(of: field, key), path: path + [.field(key)], into: &c)
                }
            }
        case (.set, _, _), (.associative, _, _):
            if (old == nil || old?.arrayValue != nil) && (new == nil || new?.arrayValue != nil) {
                descended = true
                let elementField = shape == .set ? nil : schema.element(of: field)
                var order: [PathElement] = []
                var lhs: [PathElement: JSONValue] = [:], rhs: [PathElement: JSONValue] = [:]
                for item in old?.arrayValue ?? [] {
                    guard let element = try? element(item, shape: shape, field: field, path: path), lhs[element] == nil else { continue }
                    lhs[element] = item
                    order.append(element)
                }
                for item in new?.arrayValue ?? [] {
                    guard let element = try? element(item, shape: shape, field: field, path: path), rhs[element] == nil else { continue }
                    rhs[element] = item
                    if lhs[element] == nil { order.append(element) }
                }
                for element in order {
                    compare(lhs[element], rhs[element], field: elementField, path: path + [element], into: &c)
                }
            }
        default:
            break
        }
        guard !path.isEmpty else { return }
        if old == nil {
            c.added.insert(path)
        } else if new == nil {
            c.removed.insert(path)
        } else if !descended && old != new {
            c.modified.insert(path)
        }
    }

    // MARK: Removing

    /// The value without the nodes whose paths are members of `set` (structured-merge-diff's `RemoveItems`).
    func removing(_ set: FieldSet, from value: JSONValue, field: SchemaField?) -> JSONValue {
        guard !set.isEmpty else { return value }
        let shape = shape(of: field, value: value)
        switch (shape, value) {
        case (.structure, .object(let object)), (.map, .object(let object)):
            var out = JSONObject()
            for (key, child) in object {
                let element = PathElement.field(key)
                if set.members.contains(element) { continue }
                if let below = set.children[element] {
                    let childField = schema.child(of: field, key)
                    let remaining = removing(below, from: child, field: childField)
                    // A map or list emptied by the removal disappears, as Go's omitempty drops it on the server;
                    // an emptied struct stays as {}.
                    if Self.isEmptyCollection(remaining) && self.shape(of: childField, value: remaining) != .structure { continue }
                    out[key] = remaining
                } else {
                    out[key] = child
                }
            }
            return .object(out)
        case (.set, .array(let list)), (.associative, .array(let list)):
            let elementField = shape == .set ? nil : schema.element(of: field)
            var out: [JSONValue] = []
            for item in list {
                guard let element = try? element(item, shape: shape, field: field, path: []) else {
                    out.append(item)
                    continue
                }
                if set.members.contains(element) { continue }
                if let below = set.children[element] {
                    out.append(removing(below, from: item, field: elementField))
                } else {
                    out.append(item)
                }
            }
            return .array(out)
        default:
            return value
        }
    }

    static func isEmptyCollection(_ value: JSONValue) -> Bool {
        value.objectValue?.isEmpty == true || value.arrayValue?.isEmpty == true
    }

    func display(_ path: [PathElement]) -> String { path.isEmpty ? "." : path.pathString }
}
