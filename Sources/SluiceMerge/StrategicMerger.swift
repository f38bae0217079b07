import SluiceCore

/// The recursive merge behind ``StrategicMergePatch``, following apimachinery's `mergeMap` / `mergeSlice`
/// with the options the API server uses (parallel lists merged, unmatched nulls ignored).
struct StrategicMerger {
    let schema: MergeSchema

    static let directiveMarker = "$patch"
    static let retainKeysDirective = "$retainKeys"
    static let setElementOrderPrefix = "$setElementOrder/"
    static let deleteFromPrimitiveListPrefix = "$deleteFromPrimitiveList/"

    /// The kind of a list's elements, decided from all of them.
    enum ElementKind { case map, scalar, none }

    func mergeMap(_ original: JSONObject, _ patch: JSONObject, field: SchemaField?, path: String) throws(PatchError) -> JSONObject {
        if let directive = patch[Self.directiveMarker] {
            switch directive.stringValue {
            case "replace"?:
                // The patch replaces the map wholesale; apimachinery keeps it as written.
                var replaced = patch
                replaced[Self.directiveMarker] = nil
                return replaced
            case "delete"?:
                return JSONObject()
            default:
                throw PatchError("\(display(path)): unknown patch type \(describe(directive)) in map (expected \"replace\" or \"delete\")")
            }
        }
        var original = original
        var patch = patch
        try applyRetainKeys(&original, &patch, path: path)
        try mergeSetElementOrder(&original, &patch, field: field, path: path)

        for (rawKey, patchValue) in patch {
            if rawKey.hasPrefix(Self.setElementOrderPrefix) { continue }
            var key = rawKey
            var isDeleteList = false
            if rawKey.hasPrefix(Self.deleteFromPrimitiveListPrefix) {
                key = String(rawKey.dropFirst(Self.deleteFromPrimitiveListPrefix.count))
                isDeleteList = true
            }
            let childPath = path + "." + key
            if patchValue.isNull {
                original[key] = nil
                continue
            }
            let childField = schema.child(of: field, key)
            guard let originalValue = original[key] else {
                if !isDeleteList { original[key] = try fresh(patchValue, field: childField, path: childPath) }
                continue
            }
            switch (originalValue, patchValue) {
            case let (.object(originalChild), .object(patchChild)):
                if patchStrategy(of: childField) == "replace" {
                    original[key] = patchValue
                } else {
                    original[key] = .object(try mergeMap(originalChild, patchChild, field: childField, path: childPath))
                }
            case let (.array(originalList), .array(patchList)):
                if patchStrategy(of: childField) == "merge" || isDeleteList {
                    original[key] = .array(try mergeSlice(originalList, patchList, field: childField,
                                                          isDeleteList: isDeleteList, path: childPath))
                } else {
                    original[key] = patchValue
                }
            default:
                // Different types, or scalars: the patch value wins (a delete list never adds).
                if !isDeleteList { original[key] = try fresh(patchValue, field: childField, path: childPath) }
            }
        }
        return original
    }

    /// A patch value with nothing under it to merge with: its nulls and directives are resolved against
    /// an empty original, so neither `null` nor `$patch` keys end up in the object.
    private func fresh(_ value: JSONValue, field: SchemaField?, path: String) throws(PatchError) -> JSONValue {
        switch value {
        case .object(let object):
            return .object(try mergeMap(JSONObject(), object, field: field, path: path))
        case .array(let list) where patchStrategy(of: field) == "merge":
            return .array(try mergeSlice([], list, field: field, isDeleteList: false, path: path))
        default:
            return Self.discardingNulls(value)
        }
    }

    /// The field's patch strategy without `retainKeys`, which only matters when computing patches.
    func patchStrategy(of field: SchemaField?) -> String {
        field?.strategies.first { $0 != "retainKeys" } ?? ""
    }

    /// `$retainKeys`: keys of the original not listed are cleared before merging.
    private func applyRetainKeys(_ original: inout JSONObject, _ patch: inout JSONObject, path: String) throws(PatchError) {
        guard let directive = patch[Self.retainKeysDirective] else { return }
        patch[Self.retainKeysDirective] = nil
        guard case .array(let list) = directive else {
            throw PatchError("\(display(path)): $retainKeys must be a list of field names, found \(directive.typeName)")
        }
        var retained = Set<String>()
        for item in list {
            guard let name = item.stringValue else {
                throw PatchError("\(display(path)): $retainKeys must be a list of field names, found \(describe(item))")
            }
            retained.insert(name)
        }
        for (key, value) in patch where !value.isNull {
            if key.hasPrefix(Self.deleteFromPrimitiveListPrefix) || key.hasPrefix(Self.setElementOrderPrefix) { continue }
            if !retained.contains(key) {
                throw PatchError("\(display(path)): the patch sets \"\(key)\", which $retainKeys does not list")
            }
        }
        for key in original.keys where !retained.contains(key) { original[key] = nil }
    }

    /// `$setElementOrder/<list>`: merges the list named and orders the result as the directive says
    /// (directive order, then patch order, then live order).
    private func mergeSetElementOrder(_ original: inout JSONObject, _ patch: inout JSONObject, field: SchemaField?, path: String) throws(PatchError) {
        for directiveKey in patch.keys where directiveKey.hasPrefix(Self.setElementOrderPrefix) {
            let key = String(directiveKey.dropFirst(Self.setElementOrderPrefix.count))
            let childPath = path + "." + key
            guard case .array(let order) = patch[directiveKey]! else {
                throw PatchError("\(display(childPath)): $setElementOrder must be a list, found \(patch[directiveKey]!.typeName)")
            }
            patch[directiveKey] = nil
            var isDeleteList = false
            var patchList: [JSONValue]?
            if let value = patch[key] {
                guard case .array(let list) = value else {
                    throw PatchError("\(display(childPath)): expected a list, found \(value.typeName)")
                }
                patchList = list
            } else if let value = patch[Self.deleteFromPrimitiveListPrefix + key] {
                guard case .array(let list) = value else {
                    throw PatchError("\(display(childPath)): $deleteFromPrimitiveList must be a list, found \(value.typeName)")
                }
                patchList = list
                isDeleteList = true
            }
            var originalList: [JSONValue]?
            if let value = original[key] {
                guard case .array(let list) = value else {
                    throw PatchError("\(display(childPath)): expected a list in the object, found \(value.typeName)")
                }
                originalList = list
            }
            let childField = schema.child(of: field, key)
            let mergeKey = childField?.mergeKey ?? ""
            let merged: [JSONValue]
            switch (originalList, patchList) {
            case (nil, nil): continue
            case let (originalList?, nil): merged = originalList
            case let (nil, patchList?): merged = isDeleteList ? [] : patchList
            case let (originalList?, patchList?):
                if patchStrategy(of: childField) == "merge" || isDeleteList {
                    merged = try mergeSlice(originalList, patchList, field: childField, isDeleteList: isDeleteList, path: childPath)
                } else {
                    merged = patchList
                }
            }
            let kind = try elementKind([originalList ?? [], patchList ?? []], path: childPath)
            let (patchItems, serverOnly) = partition(merged, by: order, mergeKey: kind == .map ? mergeKey : "")
            original[key] = .array(try normalizeOrder(patchItems: patchItems, serverOnly: serverOnly, patchOrder: order,
                                                      serverOrder: originalList ?? [], mergeKey: mergeKey, kind: kind, path: childPath))
            patch[key] = nil
            patch[Self.deleteFromPrimitiveListPrefix + key] = nil
        }
    }

    func mergeSlice(_ original: [JSONValue], _ patch: [JSONValue], field: SchemaField?, isDeleteList: Bool, path: String) throws(PatchError) -> [JSONValue] {
        if original.isEmpty && patch.isEmpty { return original }
        let kind = try elementKind([original, patch], path: path)
        var original = original
        var patch = patch
        var merged: [JSONValue]
        let mergeKey = kind == .map ? (field?.mergeKey ?? "") : ""
        if kind != .map {
            if isDeleteList { return original.filter { !patch.contains($0) } }
            merged = []
            for value in original + patch where !merged.contains(value) { merged.append(value) }
        } else {
            guard !mergeKey.isEmpty else {
                throw PatchError("\(display(path)): cannot merge lists without a merge key")
            }
            try mergeSpecialElements(&original, &patch, mergeKey: mergeKey, path: path)
            merged = original
            for element in patch {
                let item = element.objectValue!
                guard let keyValue = item[mergeKey] else {
                    throw PatchError("\(display(path)): element \(describe(element)) does not contain declared merge key \"\(mergeKey)\"")
                }
                let itemPath = "\(path)[\(mergeKey)=\(describe(keyValue))]"
                if let index = merged.firstIndex(where: { $0[mergeKey] == keyValue }) {
                    merged[index] = .object(try mergeMap(merged[index].objectValue ?? JSONObject(), item,
                                                         field: schema.element(of: field), path: itemPath))
                } else {
                    merged.append(try fresh(element, field: schema.element(of: field), path: itemPath))
                }
            }
        }
        let (patchItems, serverOnly) = partition(merged, by: patch, mergeKey: mergeKey)
        return try normalizeOrder(patchItems: patchItems, serverOnly: serverOnly, patchOrder: patch,
                                  serverOrder: original, mergeKey: mergeKey, kind: kind, path: path)
    }

    /// Elements carrying `$patch`: `delete` removes the matching original element; `replace` makes the
    /// rest of the patch list replace the original.
    private func mergeSpecialElements(_ original: inout [JSONValue], _ patch: inout [JSONValue], mergeKey: String, path: String) throws(PatchError) {
        var plain: [JSONValue] = []
        var replace = false
        for element in patch {
            let item = element.objectValue!
            guard let directive = item[Self.directiveMarker] else {
                plain.append(element)
                continue
            }
            switch directive.stringValue {
            case "delete"?:
                guard let keyValue = item[mergeKey] else {
                    throw PatchError("\(display(path)): element \(describe(element)) does not contain declared merge key \"\(mergeKey)\"")
                }
                original.removeAll { $0[mergeKey] == keyValue }
            case "replace"?:
                replace = true
            case "merge"?:
                throw PatchError("\(display(path)): merging lists cannot yet be specified in the patch ($patch: merge)")
            default:
                throw PatchError("\(display(path)): unknown patch type \(describe(directive)) in list element \(describe(element))")
            }
        }
        if replace {
            original = plain
            patch = []
        } else {
            patch = plain
        }
    }

    /// The elements' kind; lists of lists and mixed lists are refused.
    func elementKind(_ lists: [[JSONValue]], path: String) throws(PatchError) -> ElementKind {
        var kind = ElementKind.none
        var firstType: String?
        for list in lists {
            for value in list {
                if case .array = value { throw PatchError("\(display(path)): lists of lists are not supported") }
                // Numbers are one type, as in Go's JSON decoding (float64).
                let type = value.doubleValue != nil ? "number" : value.typeName
                if let firstType, firstType != type {
                    throw PatchError("\(display(path)): list element types are not identical (\(firstType) and \(type))")
                }
                firstType = type
                kind = value.objectValue != nil ? .map : .scalar
            }
        }
        return kind
    }

    /// Splits `merged` into elements present in `list` and the rest, keeping order.
    func partition(_ merged: [JSONValue], by list: [JSONValue], mergeKey: String) -> (present: [JSONValue], absent: [JSONValue]) {
        var present: [JSONValue] = []
        var absent: [JSONValue] = []
        for element in merged {
            if Self.index(of: element, in: list, mergeKey: mergeKey) != nil { present.append(element) } else { absent.append(element) }
        }
        return (present, absent)
    }

    static func index(of element: JSONValue, in list: [JSONValue], mergeKey: String) -> Int? {
        if mergeKey.isEmpty { return list.firstIndex(of: element) }
        guard let value = element[mergeKey] else { return nil }
        return list.firstIndex { $0[mergeKey] == value }
    }

    /// Sorts patch elements by the patch order and server-only elements by the live order, then
    /// interleaves them as apimachinery's `mergeSortedSlice` does.
    func normalizeOrder(patchItems: [JSONValue], serverOnly: [JSONValue], patchOrder: [JSONValue], serverOrder: [JSONValue],
                        mergeKey: String, kind: ElementKind, path: String) throws(PatchError) -> [JSONValue] {
        let key = kind == .map ? mergeKey : ""
        if kind == .map {
            for element in patchItems + serverOnly + patchOrder where element[mergeKey] == nil {
                throw PatchError("\(display(path)): element \(describe(element)) does not contain declared merge key \"\(mergeKey)\"")
            }
        }
        let left = Self.stableSort(serverOnly, by: serverOrder, mergeKey: key)
        let right = Self.stableSort(patchItems, by: patchOrder, mergeKey: key)
        var result: [JSONValue] = []
        result.reserveCapacity(left.count + right.count)
        var i = 0, j = 0
        while i < left.count || j < right.count {
            if i >= left.count {
                result.append(right[j]); j += 1
            } else if j >= right.count {
                result.append(left[i]); i += 1
            } else if let li = Self.index(of: left[i], in: serverOrder, mergeKey: key),
                      let ri = Self.index(of: right[j], in: serverOrder, mergeKey: key), li < ri {
                result.append(left[i]); i += 1
            } else {
                result.append(right[j]); j += 1
            }
        }
        return result
    }

    private static func stableSort(_ elements: [JSONValue], by order: [JSONValue], mergeKey: String) -> [JSONValue] {
        elements.enumerated()
            .map { (offset: $0.offset, element: $0.element, rank: index(of: $0.element, in: order, mergeKey: mergeKey) ?? Int.max) }
            .sorted { ($0.rank, $0.offset) < ($1.rank, $1.offset) }
            .map(\.element)
    }

    /// The value without `null` members anywhere, as apimachinery does for values the original lacks.
    static func discardingNulls(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let object):
            return .object(JSONObject(object.compactMap { $0.value.isNull ? nil : ($0.key, discardingNulls($0.value)) }))
        case .array(let list):
            return .array(list.map(discardingNulls))
        default:
            return value
        }
    }

    private func display(_ path: String) -> String { path.isEmpty ? "." : path }

    private func describe(_ value: JSONValue) -> String { JSONSerializer().string(value) }
}
