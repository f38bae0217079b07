// TEMPORARY stand-ins for the SluiceMerge contract, so that SluiceAPIServer
// builds before the real merge engine lands. This whole file is deleted at
// merge time; nothing else depends on its internals.
//
// Simplifications: strategic merge patch = RFC 7386 merge patch; server-side
// apply = merge of the configuration into the live object with one
// managedFields entry per manager and no conflict detection or field removal.
import Foundation
import SluiceCore

/// Which kinds the merge engine knows, and their scope (stand-in).
public struct MergeSchema: Sendable {
    private var scopes: [GroupVersionKind: Bool]

    /// The built-in Kubernetes kinds.
    public static let builtIn: MergeSchema = {
        var scopes: [GroupVersionKind: Bool] = [:]
        let table: [(String, String, String, Bool)] = [
            ("", "v1", "Namespace", false), ("", "v1", "ConfigMap", true), ("", "v1", "Secret", true),
            ("", "v1", "ServiceAccount", true), ("", "v1", "Service", true), ("", "v1", "Endpoints", true),
            ("", "v1", "Pod", true), ("", "v1", "Event", true), ("", "v1", "PersistentVolumeClaim", true),
            ("apps", "v1", "Deployment", true), ("apps", "v1", "ReplicaSet", true),
            ("apps", "v1", "StatefulSet", true), ("apps", "v1", "DaemonSet", true),
            ("batch", "v1", "Job", true), ("batch", "v1", "CronJob", true),
            ("networking.k8s.io", "v1", "Ingress", true), ("networking.k8s.io", "v1", "NetworkPolicy", true),
            ("rbac.authorization.k8s.io", "v1", "Role", true), ("rbac.authorization.k8s.io", "v1", "RoleBinding", true),
            ("rbac.authorization.k8s.io", "v1", "ClusterRole", false),
            ("rbac.authorization.k8s.io", "v1", "ClusterRoleBinding", false),
            ("events.k8s.io", "v1", "Event", true), ("coordination.k8s.io", "v1", "Lease", true),
            ("apiextensions.k8s.io", "v1", "CustomResourceDefinition", false),
        ]
        for (group, version, kind, namespaced) in table {
            scopes[GroupVersionKind(group: group, version: version, kind: kind)] = namespaced
        }
        return MergeSchema(scopes: scopes)
    }()

    /// Whether objects of `gvk` live in namespaces; `nil` when unknown.
    public func isNamespaced(_ gvk: GroupVersionKind) -> Bool? { scopes[gvk] }

    /// Whether the schema knows `gvk`.
    public func knows(_ gvk: GroupVersionKind) -> Bool { scopes[gvk] != nil }

    /// This schema with a custom resource added (stand-in: scope recorded as namespaced).
    public func addingCustomResource(_ gvk: GroupVersionKind, openAPIV3Schema: JSONValue) -> MergeSchema {
        var copy = self
        copy.scopes[gvk] = true
        return copy
    }
}

/// A patch that cannot be applied.
public struct PatchError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public var message: String
    /// An error.
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Strategic merge patches (stand-in: RFC 7386 semantics).
public enum StrategicMergePatch {
    /// `original` with `patch` applied.
    public static func apply(_ patch: JSONValue, to original: JSONValue, gvk: GroupVersionKind,
                             schema: MergeSchema = .builtIn) throws(PatchError) -> JSONValue
    {
        guard patch.objectValue != nil else { throw PatchError("a strategic merge patch must be a JSON object") }
        return MergePatch.apply(withoutDirectives(patch), to: original)
    }

    private static func withoutDirectives(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let object):
            return .object(JSONObject(object.members.filter { !$0.key.hasPrefix("$") }.map { ($0.key, withoutDirectives($0.value)) }))
        case .array(let array):
            return .array(array.map(withoutDirectives))
        default:
            return value
        }
    }
}

/// JSON patches (RFC 6902).
public enum JSONPatch {
    /// `document` with the operations applied in order.
    public static func apply(_ operations: JSONValue, to document: JSONValue) throws(PatchError) -> JSONValue {
        guard let list = operations.arrayValue else { throw PatchError("a JSON patch must be an array of operations") }
        var doc = document
        for operation in list {
            guard let op = operation["op"]?.stringValue else { throw PatchError("operation has no \"op\"") }
            guard let path = operation["path"]?.stringValue else { throw PatchError("operation \(op) has no \"path\"") }
            let tokens = try pointer(path)
            switch op {
            case "add":
                guard let value = operation["value"] else { throw PatchError("add operation has no \"value\"") }
                doc = try add(value, at: tokens[...], in: doc)
            case "remove":
                doc = try remove(at: tokens[...], in: doc).document
            case "replace":
                guard let value = operation["value"] else { throw PatchError("replace operation has no \"value\"") }
                doc = try remove(at: tokens[...], in: doc).document
                doc = try add(value, at: tokens[...], in: doc)
            case "move":
                guard let from = operation["from"]?.stringValue else { throw PatchError("move operation has no \"from\"") }
                let (rest, value) = try remove(at: try pointer(from)[...], in: doc)
                doc = try add(value, at: tokens[...], in: rest)
            case "copy":
                guard let from = operation["from"]?.stringValue else { throw PatchError("copy operation has no \"from\"") }
                doc = try add(try get(try pointer(from)[...], in: doc), at: tokens[...], in: doc)
            case "test":
                guard let value = operation["value"] else { throw PatchError("test operation has no \"value\"") }
                if try get(tokens[...], in: doc) != value { throw PatchError("testing value \(path) failed") }
            default:
                throw PatchError("unknown operation \"\(op)\"")
            }
        }
        return doc
    }

    private static func pointer(_ path: String) throws(PatchError) -> [String] {
        if path.isEmpty { return [] }
        guard path.hasPrefix("/") else { throw PatchError("invalid JSON pointer \"\(path)\"") }
        return path.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map {
            $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
        }
    }

    private static func index(_ token: String, count: Int, allowEnd: Bool) throws(PatchError) -> Int {
        if token == "-" && allowEnd { return count }
        guard let i = Int(token), i >= 0, i < count || (allowEnd && i == count) else {
            throw PatchError("array index \(token) out of bounds")
        }
        return i
    }

    private static func get(_ tokens: ArraySlice<String>, in doc: JSONValue) throws(PatchError) -> JSONValue {
        guard let first = tokens.first else { return doc }
        switch doc {
        case .object(let object):
            guard let child = object[first] else { throw PatchError("path not found: \(first)") }
            return try get(tokens.dropFirst(), in: child)
        case .array(let array):
            return try get(tokens.dropFirst(), in: array[try index(first, count: array.count, allowEnd: false)])
        default:
            throw PatchError("path not found: \(first)")
        }
    }

    private static func add(_ value: JSONValue, at tokens: ArraySlice<String>, in doc: JSONValue) throws(PatchError) -> JSONValue {
        guard let first = tokens.first else { return value }
        switch doc {
        case .object(var object):
            if tokens.count == 1 {
                object[first] = value
            } else {
                guard let child = object[first] else { throw PatchError("path not found: \(first)") }
                object[first] = try add(value, at: tokens.dropFirst(), in: child)
            }
            return .object(object)
        case .array(var array):
            if tokens.count == 1 {
                array.insert(value, at: try index(first, count: array.count, allowEnd: true))
            } else {
                let i = try index(first, count: array.count, allowEnd: false)
                array[i] = try add(value, at: tokens.dropFirst(), in: array[i])
            }
            return .array(array)
        default:
            throw PatchError("path not found: \(first)")
        }
    }

    private static func remove(at tokens: ArraySlice<String>, in doc: JSONValue) throws(PatchError) -> (document: JSONValue, removed: JSONValue) {
        guard let first = tokens.first else { throw PatchError("cannot remove the whole document") }
        switch doc {
        case .object(var object):
            guard let child = object[first] else { throw PatchError("path not found: \(first)") }
            if tokens.count == 1 {
                object[first] = nil
                return (.object(object), child)
            }
            let (updated, removed) = try remove(at: tokens.dropFirst(), in: child)
            object[first] = updated
            return (.object(object), removed)
        case .array(var array):
            let i = try index(first, count: array.count, allowEnd: false)
            if tokens.count == 1 {
                let removed = array.remove(at: i)
                return (.array(array), removed)
            }
            let (updated, removed) = try remove(at: tokens.dropFirst(), in: array[i])
            array[i] = updated
            return (.array(array), removed)
        default:
            throw PatchError("path not found: \(first)")
        }
    }
}

/// A field another manager owns.
public struct ApplyConflict: Sendable, Hashable {
    /// The manager that owns the field.
    public var manager: String
    /// The field, as `.spec.replicas`.
    public var field: String
    /// A conflict.
    public init(manager: String, field: String) {
        self.manager = manager
        self.field = field
    }
}

/// Why a server-side apply failed.
public enum ApplyError: Error, Sendable, Equatable, CustomStringConvertible {
    case conflicts([ApplyConflict])
    case invalid(String)

    public var description: String {
        switch self {
        case .conflicts(let list):
            return "Apply failed with \(list.count) conflict\(list.count == 1 ? "" : "s"): "
                + list.map { "conflict with \"\($0.manager)\": \($0.field)" }.joined(separator: "\n")
        case .invalid(let message): return message
        }
    }
}

/// Server-side apply (stand-in: merge, one managedFields entry per manager, no conflicts).
public enum ServerSideApply {
    /// `live` with `configuration` applied by `manager`.
    public static func apply(configuration: JSONValue, to live: JSONValue?, manager: String, force: Bool,
                             gvk: GroupVersionKind, schema: MergeSchema = .builtIn, now: String) throws(ApplyError) -> JSONValue
    {
        guard configuration.objectValue != nil else { throw ApplyError.invalid("apply configuration must be an object") }
        var merged = MergePatch.apply(configuration, to: live ?? .object(JSONObject()))
        merged = recordEntry(merged, manager: manager, operation: "Apply", gvk: gvk, now: now)
        return merged
    }

    /// `new` with the `manager`'s entry in `metadata.managedFields` updated for an update.
    public static func recordUpdate(old: JSONValue?, new: JSONValue, manager: String, gvk: GroupVersionKind,
                                    schema: MergeSchema = .builtIn, now: String) -> JSONValue
    {
        recordEntry(new, manager: manager, operation: "Update", gvk: gvk, now: now)
    }

    private static func recordEntry(_ object: JSONValue, manager: String, operation: String, gvk: GroupVersionKind, now: String) -> JSONValue {
        var result = object
        var entries = (object[path: ["metadata", "managedFields"]]?.arrayValue ?? []).filter {
            !($0["manager"]?.stringValue == manager && $0["operation"]?.stringValue == operation)
        }
        entries.append([
            "manager": .string(manager), "operation": .string(operation), "apiVersion": .string(gvk.apiVersion),
            "time": .string(now), "fieldsType": "FieldsV1", "fieldsV1": .object(JSONObject()),
        ])
        result[path: ["metadata", "managedFields"]] = .array(entries)
        return result
    }
}
