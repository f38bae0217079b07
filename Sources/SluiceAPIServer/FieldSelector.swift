import Foundation
import SluiceCore

/// A parsed `fieldSelector` query over `metadata.name` and `metadata.namespace` (`=`, `==`, `!=`).
struct FieldSelector: Sendable {
    var requirements: [(field: String, value: String, equal: Bool)] = []

    /// Everything.
    init() {}

    /// Parses `text`; throws a 400 for fields the server cannot select on.
    init(parsing text: String) throws(APIError) {
        for raw in text.split(separator: ",") {
            let part = raw.trimmingCharacters(in: .whitespaces)
            if part.isEmpty { continue }
            let equal: Bool
            let range: Range<String.Index>
            if let r = part.range(of: "!=") {
                range = r
                equal = false
            } else if let r = part.range(of: "==") ?? part.range(of: "=") {
                range = r
                equal = true
            } else {
                throw .badRequest("invalid selector: '\(text)'; can't understand '\(part)'")
            }
            let field = part[..<range.lowerBound].trimmingCharacters(in: .whitespaces)
            guard ["metadata.name", "metadata.namespace"].contains(field) else {
                throw .badRequest("field label not supported: \(field)")
            }
            requirements.append((field, part[range.upperBound...].trimmingCharacters(in: .whitespaces), equal))
        }
    }

    /// Whether `object` satisfies every requirement.
    func matches(_ object: JSONValue) -> Bool {
        for requirement in requirements {
            let actual = object[path: ["metadata", requirement.field == "metadata.name" ? "name" : "namespace"]]?.stringValue ?? ""
            if (actual == requirement.value) != requirement.equal { return false }
        }
        return true
    }

    /// The name this selector pins, when it has `metadata.name=x`.
    var name: String? { requirements.first { $0.field == "metadata.name" && $0.equal }?.value }
}
