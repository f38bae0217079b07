import Foundation
import SluiceCore

/// Where a replacement writes: kyaml's `PathMatcher` (which finds, and with `create` makes, the target fields) and
/// `setFieldValue` (which writes one), with their rules, since kustomize's output follows them:
///
/// - `[key=value]` matches elements whose `key` matches `value` as an unanchored regular expression (RE2, matched in
///   linear time since the pattern comes from the repository); with `create` and no match, `{key: value}` is appended;
/// - a numeric index past the end fails (`index 2 specified but only 0 elements found`), except that with `create`
///   the index just past the end appends an element;
/// - a created field is a list when the next part is an index, a map otherwise, or at the end of the path a field of
///   the value's kind; a scalar written into a created field is written as plain text, so its YAML type is read from
///   the text (`3.2` becomes a number), while an existing scalar keeps its type.
extension ReplacementTransformer {
    static func fieldRetrievalError(_ path: String, create: Bool) -> String {
        create ? "unable to find or create field \"\(path)\" in replacement target" : "unable to find field \"\(path)\" in replacement target"
    }

    /// Writes `value` at every field the path selects under `node`; returns how many it wrote.
    func setField(_ value: JSONValue, at segments: ArraySlice<String>, in node: inout JSONValue, options: JSONValue?,
                  path: String, create: Bool) throws(KustomizeError) -> Int {
        guard let segment = segments.first else {
            try setLeaf(value, in: &node, options: options)
            return 1
        }
        let rest = segments.dropFirst()
        switch node {
        case .object(var object):
            guard segment != "*", !Self.isListPart(segment) else { return 0 }
            var child: JSONValue
            if let existing = object[segment], !(existing.isNull && !rest.isEmpty) {
                child = existing
            } else {
                guard create else { return 0 }
                child = Self.created(before: rest.first, value: value)
            }
            let count = try setField(value, at: rest, in: &child, options: options, path: path, create: create)
            object[segment] = child
            node = .object(object)
            return count
        case .array(var items):
            var count = 0
            if segment == "*" {
                for index in items.indices {
                    count += try setField(value, at: rest, in: &items[index], options: options, path: path, create: create)
                }
            } else if Self.isListPart(segment) {
                let inner = segment.dropFirst().dropLast()
                guard let equals = inner.firstIndex(of: "=") else {
                    throw KustomizeError("\(Self.fieldRetrievalError(path, create: create)): list path element must contain fieldName=fieldValue for element to match", file: file)
                }
                let key = String(inner[..<equals]), pattern = String(inner[inner.index(after: equals)...])
                let regex: LinearRegex
                do { regex = try LinearRegex(pattern) } catch {
                    throw KustomizeError("\(Self.fieldRetrievalError(path, create: create)): \(error)", file: file)
                }
                var matching = items.indices.filter { Self.element(items[$0], key: key, matches: regex) }
                if matching.isEmpty && create {
                    let made = YAMLReader.resolvePlain(pattern)
                    items.append(key.isEmpty ? made : .object(JSONObject([(key, made)])))
                    matching = items.indices.filter { Self.element(items[$0], key: key, matches: regex) }
                }
                for index in matching {
                    count += try setField(value, at: rest, in: &items[index], options: options, path: path, create: create)
                }
            } else if let index = Int(segment), index >= 0 {
                if index == items.count && create { items.append(Self.created(before: rest.first, value: value)) }
                guard index < items.count else {
                    throw KustomizeError("\(Self.fieldRetrievalError(path, create: create)): index \(index) specified but only \(items.count) elements found", file: file)
                }
                count += try setField(value, at: rest, in: &items[index], options: options, path: path, create: create)
            } else {
                return 0
            }
            node = .array(items)
            return count
        default:
            guard create, node.isNull else { return 0 }
            node = Self.isListPart(segment) || Int(segment).map({ $0 >= 0 }) == true ? .array([]) : .object(JSONObject())
            return try setField(value, at: segments, in: &node, options: options, path: path, create: create)
        }
    }

    /// kyaml's `setFieldValue` on one target field.
    private func setLeaf(_ value: JSONValue, in node: inout JSONValue, options: JSONValue?) throws(KustomizeError) {
        let isScalarTarget = node.objectValue == nil && node.arrayValue == nil
        var text = Kustomization.scalarString(value)
        if let delimiter = options?["delimiter"]?.stringValue, !delimiter.isEmpty {
            guard isScalarTarget else { throw KustomizeError("delimiter option can only be used with scalar nodes", file: file) }
            var parts = (node.isNull ? "" : Kustomization.scalarString(node) ?? "").components(separatedBy: delimiter)
            let piece = text ?? ""
            let index = Int(options?["index"]?.intValue ?? 0)
            if index < 0 { parts.insert(piece, at: 0) } else if index >= parts.count { parts.append(piece) } else { parts[index] = piece }
            text = parts.joined(separator: delimiter)
        }
        guard isScalarTarget, let text else {
            node = value
            return
        }
        // A created (or null) field holds plain text, read back by its YAML type; an existing string stays a string.
        node = node.stringValue != nil ? .string(text) : YAMLReader.resolvePlain(text)
    }

    /// The node kyaml creates for a missing field: a list before an index, a map before a field name, else the value's kind.
    private static func created(before next: String?, value: JSONValue) -> JSONValue {
        guard let next else {
            if value.objectValue != nil { return .object(JSONObject()) }
            if value.arrayValue != nil { return .array([]) }
            return .null
        }
        return isListPart(next) || Int(next).map({ $0 >= 0 }) == true ? .array([]) : .object(JSONObject())
    }

    private static func isListPart(_ segment: String) -> Bool { segment.hasPrefix("[") && segment.hasSuffix("]") }

    /// kyaml's `visitElem` / `visitPrimitiveElem`: the element's field (or the element itself) as text, searched by the pattern.
    private static func element(_ item: JSONValue, key: String, matches regex: LinearRegex) -> Bool {
        let field = key.isEmpty ? item : item[key]
        guard let field, key.isEmpty || item.objectValue != nil else { return false }
        if field.objectValue != nil || field.arrayValue != nil { return false }
        return regex.matches(field.isNull ? "null" : Kustomization.scalarString(field) ?? "")
    }
}
