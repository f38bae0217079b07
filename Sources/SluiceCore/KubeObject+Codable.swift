import Foundation

extension KubeObject {
    /// Encodes a typed object (such as a Flux custom resource) into an object tree.
    public init<T: Encodable>(encoding typed: T) throws {
        let data = try JSONEncoder().encode(typed)
        guard case .object(let root) = try JSONParser().parse(data) else {
            throw ManifestError(document: 1, reason: .notAnObject(found: "a non-object encoding"))
        }
        self.init(root)
    }

    /// Decodes this object into a typed value.
    ///
    /// - Throws: ``ManifestError`` with `.invalidField` naming the field path (`spec.interval`),
    ///   the offending value and the problem, and the object's `Kind/namespace/name`.
    public func decode<T: Decodable>(as type: T.Type, document: Int = 1, source: String? = nil) throws(ManifestError) -> T {
        let data = Data(JSONSerializer().bytes(value))
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch let error as DecodingError {
            throw manifestError(error, document: document, source: source)
        } catch {
            throw ManifestError(source: source, document: document, object: displayName, reason: .syntax("\(error)"))
        }
    }

    func manifestError(_ error: DecodingError, document: Int, source: String?) -> ManifestError {
        func path(_ codingPath: [any CodingKey]) -> [String] {
            codingPath.map { key in key.intValue.map { "[\($0)]" } ?? key.stringValue }
        }
        func render(_ components: [String]) -> String {
            components.reduce("") { text, part in
                part.hasPrefix("[") ? text + part : (text.isEmpty ? part : text + "." + part)
            }
        }
        func valueText(_ components: [String]) -> String? {
            let keys = components.filter { !$0.hasPrefix("[") }
            guard keys.count == components.count, let found = self[path: keys] else { return nil }
            return JSONSerializer().string(found)
        }
        let problem: String
        let components: [String]
        switch error {
        case .keyNotFound(let key, let context):
            components = path(context.codingPath) + [key.stringValue]
            problem = "required field is missing"
        case .valueNotFound(_, let context):
            components = path(context.codingPath)
            problem = "required value is null"
        case .typeMismatch(let type, let context):
            components = path(context.codingPath)
            problem = "expected \(Self.typeDescription(type))"
        case .dataCorrupted(let context):
            components = path(context.codingPath)
            problem = context.debugDescription
        @unknown default:
            components = []
            problem = "\(error)"
        }
        return ManifestError(source: source, document: document, object: displayName,
                             reason: .invalidField(field: render(components), value: valueText(components), problem: problem))
    }

    static func typeDescription(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Bool.Type: return "a boolean"
        case is Int.Type, is Int64.Type, is Int32.Type: return "an integer"
        case is Double.Type: return "a number"
        default:
            let name = String(describing: type)
            if name.hasPrefix("Array") { return "a list" }
            if name.hasPrefix("Dictionary") { return "a map" }
            return "an object (\(name))"
        }
    }
}
