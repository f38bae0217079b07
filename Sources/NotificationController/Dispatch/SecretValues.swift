import Foundation
import SluiceCore

/// The decoded values of a Secret: `data` (base64) and `stringData`, as text.
struct SecretValues: Sendable {
    private var values: [String: String] = [:]

    /// `v1 Secret`.
    static let gvk = GroupVersionKind(group: "", version: "v1", kind: "Secret")

    /// Decodes `secret`'s values; a value that is not base64-encoded UTF-8 is left out.
    init(_ secret: KubeObject) {
        if case .object(let data)? = secret["data"] {
            for (key, value) in data {
                if case .string(let encoded) = value, let bytes = Data(base64Encoded: encoded),
                    let text = String(data: bytes, encoding: .utf8)
                {
                    values[key] = text
                }
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

    /// The value of `key` parsed as a flat YAML or `Name: value` map (Flux's `headers` key).
    func map(_ key: String) -> [String: String] {
        guard let text = self[key] else { return [:] }
        var result: [String: String] = [:]
        for line in text.split(whereSeparator: \.isNewline) {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces)
            var value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, let first = value.first, first == value.last, first == "\"" || first == "'" {
                value = String(value.dropFirst().dropLast())
            }
            if !name.isEmpty, !name.hasPrefix("#") { result[name] = value }
        }
        return result
    }
}
