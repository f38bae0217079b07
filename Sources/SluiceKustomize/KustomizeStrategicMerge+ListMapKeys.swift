import SluiceCore
import SluiceMerge

/// Lists merged by several keys (`x-kubernetes-list-map-keys` beside `patchStrategy: merge`: a Service's ports by
/// port and protocol, a container's ports by containerPort and protocol, topologySpreadConstraints), as kyaml's
/// `walkAssociativeSequence` merges them; its quirks are kustomize's output, so they are reproduced:
///
/// - key tuples from the patch's elements, then the object's, are unified pairwise when they share a value and differ
///   only where one is empty (a port without protocol pairs with the same port with `TCP`);
/// - each tuple's element is looked up in the patch and in the object by the tuple's non-empty keys, so a patch
///   element lacking a key the tuple gained does not take part (its fields are dropped, as `kubectl kustomize` does);
/// - new elements come first, in the patch's order, then the object's elements (merged) in their order.
extension KustomizeStrategicMerge {
    func mergeListByKeys(_ destination: [JSONValue]?, _ patch: [JSONValue], keys: [String], element: SchemaField?,
                         path: String) throws(KustomizeError) -> [JSONValue] {
        guard let destination else {
            // kyaml adds a list the object lacks as the patch has it (elements without their key included).
            var added: [JSONValue] = []
            for item in patch {
                if let merged = try merge(nil, item, field: element, path: path) { added.append(merged) }
            }
            return added
        }
        var tuples: [[String]] = []
        for item in patch + destination {
            let tuple = keys.map { Self.keyText(item[$0]) }
            if !tuples.contains(tuple) { tuples.append(tuple) }
        }
        Self.unify(&tuples)
        var object = destination
        var added: [JSONValue] = []
        var lastKeys = keys
        for tuple in tuples {
            let (validKeys, validValues) = Self.validKeys(tuples, tuple, keys)
            lastKeys = validKeys
            let (lookupKeys, lookupValues) = Self.validKeys([tuple], tuple, keys)
            let objectIndex = object.indices.first { Self.elementMatches(object[$0], lookupKeys, lookupValues) }
            let patchItem = patch.first { Self.elementMatches($0, lookupKeys, lookupValues) }
            let itemPath = "\(path)[\(zip(validKeys, validValues).map { "\($0)=\($1)" }.joined(separator: ","))]"
            var merged: JSONValue?
            switch (objectIndex, patchItem) {
            case let (index?, item?): merged = try merge(object[index], item, field: element, path: itemPath)
            case let (index?, nil): merged = object[index]
            case let (nil, item?): merged = try merge(nil, item, field: element, path: itemPath)
            case (nil, nil): merged = nil
            }
            guard var value = merged, !value.isNull, !(value.objectValue?.isEmpty ?? false) else {
                Self.setElement(&object, nil, keys: validKeys, values: validValues)
                continue
            }
            for (key, text) in zip(validKeys, validValues) where value[key] == nil && !text.isEmpty {
                if var fields = value.objectValue {
                    fields[key] = YAMLReader.resolvePlain(text)
                    value = .object(fields)
                }
            }
            // kyaml merges into the object's own element in place.
            if let index = objectIndex { object[index] = value }
            Self.setElement(&added, value, keys: validKeys, values: validValues)
        }
        guard !tuples.isEmpty else { return object }
        // The object's elements (merged) follow the new ones: each replaces its copy among those added.
        for item in object {
            var values: [String] = []
            for key in lastKeys {
                guard let field = item[key] else {
                    added.append(item)
                    continue
                }
                values.append(Self.scalarText(field))
            }
            if lastKeys.count > 1 { Self.setElement(&added, nil, keys: lastKeys, values: values) }
            Self.setElement(&added, item, keys: lastKeys, values: values)
        }
        return added
    }

    /// A key's value as kyaml lists it: empty for a missing, null or empty field.
    private static func keyText(_ value: JSONValue?) -> String {
        guard let value, !value.isNull else { return "" }
        if let object = value.objectValue, object.isEmpty { return "" }
        if let array = value.arrayValue, array.isEmpty { return "" }
        return scalarText(value)
    }

    /// A scalar's text as written in YAML (empty for maps and lists).
    private static func scalarText(_ value: JSONValue) -> String {
        if value.objectValue != nil || value.arrayValue != nil || value.isNull { return "" }
        return Kustomization.scalarString(value) ?? ""
    }

    /// kyaml's `mergeValues`: tuples sharing a value and differing only where one is empty become one.
    private static func unify(_ tuples: inout [[String]]) {
        guard tuples.first.map({ $0.count > 1 }) ?? false else { return }
        for i in tuples.indices {
            let first = tuples[i]
            for j in tuples.indices {
                let second = tuples[j]
                var common = false
                var result: [String] = []
                var compatible = true
                for (a, b) in zip(first, second) {
                    if a == b { common = true; result.append(a); continue }
                    if !a.isEmpty && !b.isEmpty { compatible = false; break }
                    result.append(a.isEmpty ? b : a)
                }
                if compatible && common {
                    tuples[i] = result
                    tuples[j] = result
                }
            }
        }
    }

    /// kyaml's `validateKeys`: the keys some tuple has a value for (all keys when none has).
    private static func validKeys(_ tuples: [[String]], _ tuple: [String], _ keys: [String]) -> ([String], [String]) {
        let present = Set(tuples.flatMap { tuple in keys.indices.filter { !tuple[$0].isEmpty }.map { keys[$0] } })
        guard !present.isEmpty else { return (keys, tuple) }
        let indices = keys.indices.filter { present.contains(keys[$0]) }
        return (indices.map { keys[$0] }, indices.map { tuple[$0] })
    }

    /// kyaml's `ElementMatcher`: every key present with exactly that text.
    private static func elementMatches(_ item: JSONValue, _ keys: [String], _ values: [String]) -> Bool {
        guard item.objectValue != nil else { return false }
        return zip(keys, values).allSatisfy { key, value in item[key].map { scalarText($0) == value } ?? false }
    }

    /// kyaml's `ElementSetter`: replaces (or, with `nil`, removes) the elements matching the keys, appending when none
    /// matched; empty elements are dropped, keys beyond the values repeat the last comparison, and no values keeps
    /// nothing but the new element — all as kyaml does.
    private static func setElement(_ list: inout [JSONValue], _ element: JSONValue?, keys: [String], values: [String]) {
        let mappingSetter = !(keys.first ?? "").isEmpty && !(values.first ?? "").isEmpty
        var kept: [JSONValue] = []
        var matched = false
        for item in list {
            if item.isNull || (item.objectValue?.isEmpty ?? false) { continue }
            if item.objectValue == nil {
                if mappingSetter || !values.isEmpty { kept.append(item) }
                continue
            }
            var found = true
            var last = false
            for index in keys.indices {
                if index < values.count {
                    let value = values[index]
                    last = item[keys[index]].map { value.isEmpty || scalarText($0) == value } ?? false
                }
                if !last { found = false; break }
            }
            if !found {
                if !values.isEmpty { kept.append(item) }
                continue
            }
            matched = true
            if let element { kept.append(element) }
        }
        list = kept
        if let element, !element.isNull, !matched { list.append(element) }
    }
}
