import Foundation
import SluiceCore

/// A parsed `fieldSelector` query (`=`, `==`, `!=`) over any field path, such as `metadata.name`
/// or `involvedObject.uid` (which `kubectl describe` uses for events); absent fields compare as "".
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
            guard !field.isEmpty, !field.contains(" ") else {
                throw .badRequest("field label not supported: \(field)")
            }
            requirements.append((field, part[range.upperBound...].trimmingCharacters(in: .whitespaces), equal))
        }
    }

    /// Whether `object` satisfies every requirement.
    func matches(_ object: JSONValue) -> Bool {
        for requirement in requirements {
            let actual: String
            switch object[path: requirement.field.split(separator: ".").map(String.init)] {
            case .string(let s)?: actual = s
            case .bool(let b)?: actual = b ? "true" : "false"
            case .int(let i)?: actual = String(i)
            default: actual = ""
            }
            if (actual == requirement.value) != requirement.equal { return false }
        }
        return true
    }

    /// The name this selector pins, when it has `metadata.name=x`.
    var name: String? { requirements.first { $0.field == "metadata.name" && $0.equal }?.value }
}

extension FieldSelector {
    /// A selector for one name.
    init(name: String) {
        self.init()
        requirements = [("metadata.name", name, true)]
    }
}
