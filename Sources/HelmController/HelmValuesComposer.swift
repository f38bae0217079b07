import Foundation
import Logging
import SluiceAPI
import SluiceCore
import SluiceHelm
import SluiceKube

/// A HelmRelease's values as Flux composes them (`chartutil.ChartValuesFromReferences`): each `valuesFrom` reference
/// in order — a ConfigMap's or Secret's key read as a values file and merged over what came before, or, with a
/// `targetPath`, set at that path with Helm's `--set` parser after `spec.values` is merged in — then `spec.values`
/// merged over all of it.
///
/// Every number in a values file or in `spec.values` is a float64, as Go's JSON decoder reads it; a `targetPath`
/// value is typed by Helm's `strvals` (integers stay int64). A Secret's data never appears in an error: a Secret
/// that fails to parse is reported by its name and key alone.
struct HelmValuesComposer: Sendable {
    /// The key read when a reference names none.
    static let defaultValuesKey = "values.yaml"

    /// Where ConfigMaps and Secrets are read.
    let api: any KubernetesAPI
    /// The HelmRelease's namespace, where every reference is looked up.
    let namespace: String
    /// Where skipped optional references are noted.
    let logger: Logger

    /// `values` (`spec.values`, which must be a map when set) with `references` resolved under it.
    ///
    /// - Throws: ``ValuesReferenceError`` for a reference that cannot be resolved; an API error as it is.
    func compose(values: JSONValue?, references: [ValuesReference]) async throws -> JSONObject {
        let specValues = try Self.specValues(values)
        var result = JSONObject()
        // Each object is read once, so that every reference to it sees the same version.
        var fetched: [String: KubeObject?] = [:]
        for reference in references {
            func failure(_ reason: ValuesReferenceError.Reason, _ cause: String? = nil) -> ValuesReferenceError {
                ValuesReferenceError(reason: reason, reference: reference, namespace: namespace, cause: cause)
            }
            let isSecret: Bool
            switch reference.kind {
            case "ConfigMap": isSecret = false
            case "Secret": isSecret = true
            default: throw failure(.unsupportedKind)
            }
            let index = reference.kind + "/" + reference.name
            let object: KubeObject?
            if let cached = fetched[index] {
                object = cached
            } else {
                let gvk = GroupVersionKind(group: "", version: "v1", kind: reference.kind)
                object = try await api.get(gvk, namespace: namespace, name: reference.name)
                fetched[index] = .some(object)
            }
            guard let object else {
                let error = failure(.resourceNotFound, "\(isSecret ? "secrets" : "configmaps") \"\(reference.name)\" not found")
                if reference.optional ?? false {
                    logger.info("\(error.description)")
                    continue
                }
                throw error
            }
            let key = reference.valuesKey ?? Self.defaultValuesKey
            guard let data = try Self.data(of: object, key: key, isSecret: isSecret, failure: failure) else {
                let error = failure(.keyNotFound)
                if reference.optional ?? false {
                    logger.info("\(error.description)")
                    continue
                }
                throw error
            }
            if let path = reference.targetPath, !path.isEmpty {
                result = ValueOptions.mergeMaps(result, specValues)
                do {
                    try Self.replacePathValue(&result, path: path, value: data)
                } catch {
                    throw failure(.valueMerge, isSecret ? nil : error.message)
                }
                continue
            }
            let read: JSONObject
            do {
                read = try ValuesReader.read(data, source: key)
            } catch {
                throw failure(.dataRead, isSecret ? nil : error.message)
            }
            result = ValueOptions.mergeMaps(result, read)
        }
        return ValueOptions.mergeMaps(result, specValues)
    }

    /// `spec.values` as Flux reads it: a map, every number a float64.
    static func specValues(_ values: JSONValue?) throws -> JSONObject {
        switch values {
        case nil, .null?: return JSONObject()
        case .object(let object)?: return ValuesReader.normalised(object)
        case let other?:
            throw ValuesSpecError(message: "spec.values must be a map of values, not \(other.typeName)")
        }
    }

    /// The text at `key` of a ConfigMap's `data` or a Secret's (base64) `data`, nil when there is no such key.
    private static func data(of object: KubeObject, key: String, isSecret: Bool,
                             failure: (ValuesReferenceError.Reason, String?) -> ValuesReferenceError) throws -> String?
    {
        guard let value = object["data", key] else { return nil }
        guard let text = value.stringValue else { throw failure(.dataRead, "the value of key '\(key)' is not a string") }
        guard isSecret else { return text }
        guard let decoded = Data(base64Encoded: text) else { throw failure(.dataRead, "the value of key '\(key)' is not base64") }
        return String(decoding: decoded, as: UTF8.self)
    }

    /// Flux's `ReplacePathValue`: `path=value` through Helm's `--set` parser, or `--set-string`'s when the value is
    /// quoted (the quotes trimmed from both ends, as Go's `strings.Trim` does).
    static func replacePathValue(_ values: inout JSONObject, path: String, value: String) throws(HelmError) {
        let quotes: Set<Character> = ["'", "\""]
        let singleQuoted = value.hasPrefix("'") && value.hasSuffix("'")
        let doubleQuoted = value.hasPrefix("\"") && value.hasSuffix("\"")
        if singleQuoted || doubleQuoted {
            var trimmed = Substring(value)
            while let first = trimmed.first, quotes.contains(first) { trimmed.removeFirst() }
            while let last = trimmed.last, quotes.contains(last) { trimmed.removeLast() }
            try StrvalsParser.parse(path + "=" + trimmed, into: &values, mode: .string)
            return
        }
        try StrvalsParser.parse(path + "=" + value, into: &values, mode: .typed)
    }
}
