import Foundation
import SluiceCore

/// The decoded values of a Secret: `data` (base64) and `stringData`, as text.
struct SecretData {
    private var values: [String: String] = [:]

    /// Decodes `secret`'s values.
    ///
    /// - Throws: ``SecretDataError`` naming the Secret and key when a value is not base64-encoded UTF-8.
    init(_ secret: KubeObject) throws {
        let name = "\(secret.namespace ?? "")/\(secret.name)"
        if case .object(let data)? = secret["data"] {
            for (key, value) in data {
                guard case .string(let encoded) = value, let bytes = Data(base64Encoded: encoded),
                    let text = String(data: bytes, encoding: .utf8)
                else { throw SecretDataError(secret: name, key: key) }
                values[key] = text
            }
        }
        if case .object(let data)? = secret["stringData"] {
            for (key, value) in data { if case .string(let text) = value { values[key] = text } }
        }
    }

    /// The value of `key`, when present and not empty.
    subscript(key: String) -> String? {
        values[key].flatMap { $0.isEmpty ? nil : $0 }
    }
}

/// A Secret value that is not base64-encoded UTF-8 text.
struct SecretDataError: Error, CustomStringConvertible {
    /// The Secret, `namespace/name`.
    var secret: String
    /// The key whose value is invalid.
    var key: String

    var description: String { "secret '\(secret)': key '\(key)' is not base64-encoded UTF-8 text" }
}
