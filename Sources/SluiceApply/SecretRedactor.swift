import Foundation
import SluiceAPI
import SluiceCore
import SluiceRuntime

/// The secret values one reconcile handles — the values of the Secrets it builds and of the Secrets its post-build
/// substitution reads — and the means to keep them out of every message: status conditions, events (and so the
/// log and every Alert), and `diff` output.
///
/// Drift of a Secret is masked by its shape (``SecretMask``); this catches the rest: a server error, a dry-run
/// failure, a substitution error that quotes the YAML, and the drift of any other object that carries a value
/// substituted from a Secret (an env var, a ConfigMap entry). A value is matched as it is, base64-decoded, and
/// JSON-escaped (as servers quote it); values shorter than ``minimumLength`` are matched only as whole fields,
/// since replacing every `1` in a message would hide more than it protects.
public struct SecretRedactor: Sendable {
    /// The shortest value searched for inside longer text.
    public static let minimumLength = 4

    /// The values, each in every form it may appear in.
    public private(set) var values: Set<String> = []

    /// A redactor knowing no values.
    public init() {}

    /// Adds a secret value in the forms it may be quoted in: as it is and JSON-escaped, whole and line by line.
    public mutating func add(_ value: String) {
        guard !value.isEmpty else { return }
        var forms = [value]
        if value.contains(where: \.isNewline) {
            forms += value.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { $0.count >= Self.minimumLength }
        }
        for form in forms {
            values.insert(form)
            values.insert(String(JSONSerializer().string(.string(form)).dropFirst().dropLast()))
        }
    }

    /// Adds the values of every Secret among `objects`: `data` (base64, and decoded when it is text) and `stringData`.
    public mutating func add(secretsIn objects: [KubeObject]) {
        for object in objects where SecretMask.isSecret(object) {
            for (_, value) in object["data"]?.objectValue ?? JSONObject() {
                guard let encoded = value.stringValue else { continue }
                add(encoded)
                if let decoded = Data(base64Encoded: encoded).flatMap({ String(data: $0, encoding: .utf8) }) { add(decoded) }
            }
            for (_, value) in object["stringData"]?.objectValue ?? JSONObject() {
                if let text = value.stringValue { add(text) } else { add(JSONSerializer().string(value)) }
            }
        }
    }

    /// Whether `text` holds a value (a short value only when it is the whole text).
    public func reveals(_ text: String) -> Bool {
        values.contains(text) || values.contains { $0.count >= Self.minimumLength && text.contains($0) }
    }

    /// `text` with every value of at least ``minimumLength`` characters replaced by `***`, longest first.
    public func redact(_ text: String) -> String {
        guard !values.isEmpty else { return text }
        var redacted = text
        for value in values.filter({ $0.count >= Self.minimumLength }).sorted(by: { $0.count > $1.count }) where redacted.contains(value) {
            redacted = redacted.replacingOccurrences(of: value, with: SecretMask.unchanged)
        }
        return redacted
    }

    /// `fields` with any field whose desired or live value holds a secret value masked whole, as a Secret's are.
    public func masked(_ fields: [FieldDrift]) -> [FieldDrift] {
        guard !values.isEmpty else { return fields }
        return fields.map { field in
            let texts = [field.desired, field.live].compactMap { $0.map(Self.text) }
            guard texts.contains(where: reveals) else { return field }
            var field = field
            (field.live, field.desired) = SecretMask.maskedValues(field.live, field.desired)
            return field
        }
    }

    /// A step's failure with the values redacted from its message; the error itself when there is nothing to hide.
    public func redacting(_ error: any Error) -> any Error {
        if let error = error as? ReconcileError {
            let message = redact(error.message)
            guard message != error.message else { return error }
            switch error {
            case .stalling(let reason, _): return ReconcileError.stalling(reason: reason, message: message)
            case .waiting(let reason, _, let retryAfter): return ReconcileError.waiting(reason: reason, message: message, retryAfter: retryAfter)
            case .generic(let reason, _): return ReconcileError.generic(reason: reason, message: message)
            }
        }
        let described = String(describing: error)
        let message = redact(described)
        return message == described ? error : ReconcileError.generic(reason: ConditionReason.reconciliationFailed, message: message)
    }

    /// A value as text: a string as it is, anything else as compact JSON.
    public static func text(_ value: JSONValue) -> String {
        if case .string(let string) = value { return string }
        return JSONSerializer().string(value)
    }
}
