import Foundation
import SluiceAPI
import SluiceCore
import SluiceRuntime

/// Drift ignore rules — a HelmRelease's `spec.driftDetection.ignore`, a Kustomization's `spec.ignore` — checked once
/// and then matched to objects as fluxcd/pkg `ssa/jsondiff` matches them: a target's group, version, kind, name and namespace are anchored regular expressions
/// (RE2's syntax, matched in linear time, since whoever writes the object writes them), its label and annotation
/// selectors Kubernetes label selectors; a rule without a target selects every object; a path is a JSON pointer
/// (RFC 6901, array items by index), and the empty pointer ignores the whole object.
public struct DriftIgnore: Sendable {
    /// One rule: what it selects, and the pointers it ignores there (each as its unescaped tokens).
    public struct Rule: Sendable {
        var group: LinearRegex?
        var version: LinearRegex?
        var kind: LinearRegex?
        var name: LinearRegex?
        var namespace: LinearRegex?
        var labels: LabelSelector?
        var annotations: LabelSelector?
        var paths: [[String]]

        /// Whether the rule's target selects `object`.
        public func selects(_ object: KubeObject) -> Bool {
            func matches(_ regex: LinearRegex?, _ text: String) -> Bool { regex?.matches(text) ?? true }
            let gvk = object.gvk
            return matches(group, gvk.group) && matches(version, gvk.version) && matches(kind, gvk.kind)
                && matches(name, object.name) && matches(namespace, object.namespace ?? "")
                && (labels?.matches(object.labels) ?? true) && (annotations?.matches(object.annotations) ?? true)
        }
    }

    /// The rules, in the spec's order.
    public var rules: [Rule]

    /// The rules of `ignore`, checked; `field` names them in messages (`spec.ignore`).
    ///
    /// - Throws: ``ReconcileError/stalling(reason:message:)`` naming the rule and field that is not valid (a pointer that
    ///   does not start with `/`, a regular expression or selector that does not parse): retrying cannot fix the spec.
    public init(_ ignore: [IgnoreRule], field: String) throws {
        rules = try ignore.enumerated().map { index, rule in
            let field = "\(field)[\(index)]"
            func invalid(_ message: String) -> ReconcileError {
                ReconcileError.stalling(reason: ConditionReason.initFailed, message: "\(field).\(message)")
            }
            func regex(_ key: String, _ pattern: String?) throws -> LinearRegex? {
                guard let pattern, !pattern.isEmpty else { return nil }
                do { return try LinearRegex("^(?:\(pattern))$") } catch {
                    throw invalid("target.\(key): invalid regular expression \"\(pattern)\": \(error)")
                }
            }
            func selector(_ key: String, _ text: String?) throws -> LabelSelector? {
                guard let text, !text.isEmpty else { return nil }
                do { return try LabelSelector(parsing: text) } catch { throw invalid("target.\(key): \(error)") }
            }
            let paths = try rule.paths.enumerated().map { offset, path -> [String] in
                guard path.isEmpty || path.hasPrefix("/") else {
                    throw invalid("paths[\(offset)]: invalid JSON pointer \"\(path)\": it must be empty or start with \"/\"")
                }
                return Self.tokens(path)
            }
            let target = rule.target
            return Rule(group: try regex("group", target?.group), version: try regex("version", target?.version),
                        kind: try regex("kind", target?.kind), name: try regex("name", target?.name),
                        namespace: try regex("namespace", target?.namespace),
                        labels: try selector("labelSelector", target?.labelSelector),
                        annotations: try selector("annotationSelector", target?.annotationSelector), paths: paths)
        }
    }

    /// The pointers ignored in `object` (each as tokens), from every rule that selects it.
    public func paths(for object: KubeObject) -> [[String]] {
        rules.filter { $0.selects(object) }.flatMap(\.paths)
    }

    /// The tokens of a JSON pointer (`/metadata/annotations/a~1b` → `metadata`, `annotations`, `a/b`); none for `""`.
    public static func tokens(_ pointer: String) -> [String] {
        guard !pointer.isEmpty else { return [] }
        // ~1 first, so that "~01" becomes "~1" and not "/".
        return pointer.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map {
            $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
        }
    }

    /// The value at `tokens` in `value` (array items by index), or nil.
    public static func value(at tokens: some Collection<String>, in value: JSONValue) -> JSONValue? {
        guard let first = tokens.first else { return value }
        switch value {
        case .object(let members): return members[first].flatMap { self.value(at: tokens.dropFirst(), in: $0) }
        case .array(let items):
            guard let index = index(first, count: items.count) else { return nil }
            return self.value(at: tokens.dropFirst(), in: items[index])
        default: return nil
        }
    }

    /// `value` with the value at `tokens` replaced by `replacement`, or removed when it is nil; unchanged where the
    /// pointer's parent does not exist (a pointer to nothing ignores nothing, as Flux's `AllowMissingPathOnRemove`).
    public static func setting(_ replacement: JSONValue?, at tokens: some Collection<String>, in value: JSONValue) -> JSONValue {
        guard let first = tokens.first else { return replacement ?? value }
        let rest = tokens.dropFirst()
        switch value {
        case .object(var members):
            if rest.isEmpty {
                members[first] = replacement
            } else if let child = members[first] {
                members[first] = setting(replacement, at: rest, in: child)
            }
            return .object(members)
        case .array(var items):
            guard let index = index(first, count: items.count) else { return value }
            if !rest.isEmpty {
                items[index] = setting(replacement, at: rest, in: items[index])
            } else if let replacement {
                items[index] = replacement
            } else {
                items.remove(at: index)
            }
            return .array(items)
        default:
            return value
        }
    }

    /// `intent` with each field at `paths` that it sets holding the live value instead (removed where the live object
    /// has none), so that applying it leaves ignored fields as they are (fluxcd/pkg `ssa`'s adopting of an ignored
    /// field's in-cluster value).
    public static func keepingIgnored(_ intent: KubeObject, live: KubeObject, paths: [[String]]) -> KubeObject {
        var value = intent.value
        for path in paths where !path.isEmpty && Self.value(at: path, in: value) != nil {
            value = setting(Self.value(at: path, in: live.value), at: path, in: value)
        }
        return KubeObject(value.objectValue ?? intent.root)
    }

    /// `object` without the fields at `paths`, for comparing what drift detection looks at.
    public static func removing(_ paths: [[String]], from object: KubeObject) -> KubeObject {
        KubeObject(paths.reduce(object.value) { setting(nil, at: $1, in: $0) }.objectValue ?? object.root)
    }

    /// An array index token: digits without a leading zero, within bounds.
    private static func index(_ token: String, count: Int) -> Int? {
        guard !token.isEmpty, token.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), token == "0" || !token.hasPrefix("0"),
              let index = Int(token), index < count
        else { return nil }
        return index
    }
}
