/// Why a manifest could not be read, naming the document, the place and the cause.
public struct ManifestError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of problem this is.
    public enum Reason: Sendable, Equatable {
        /// The text is not valid YAML or JSON.
        case syntax(String)
        /// The document is not a mapping (a list or a scalar at top level).
        case notAnObject(found: String)
        /// `apiVersion` or `kind` is missing or empty.
        case missingTypeMeta(field: String)
        /// A mapping repeats a key.
        case duplicateKey(String)
        /// The `kind` is not one this program knows.
        case unknownKind(String)
        /// A field is missing, of the wrong type, or has an invalid value.
        case invalidField(field: String, value: String?, problem: String)
    }

    /// The file or stream the document came from, where known.
    public var source: String?
    /// The 1-based index of the document within its stream.
    public var document: Int
    /// The 1-based line where the problem is, where known.
    public var line: Int?
    /// The object's `kind/namespace/name`, where known.
    public var object: String?
    /// The problem.
    public var reason: Reason

    /// An error about one document.
    public init(source: String? = nil, document: Int, line: Int? = nil, object: String? = nil, reason: Reason) {
        self.source = source
        self.document = document
        self.line = line
        self.object = object
        self.reason = reason
    }

    public var description: String {
        var place = source.map { "\($0): " } ?? ""
        place += "document \(document)"
        if let line { place += ", line \(line)" }
        if let object { place += " (\(object))" }
        switch reason {
        case .syntax(let message): return "\(place): invalid YAML: \(message)"
        case .notAnObject(let found): return "\(place): expected a Kubernetes object (a mapping with apiVersion and kind), found \(found)"
        case .missingTypeMeta(let field): return "\(place): missing required field '\(field)'"
        case .duplicateKey(let key): return "\(place): duplicate key '\(key)'"
        case .unknownKind(let kind): return "\(place): unknown kind '\(kind)'"
        case .invalidField(let field, let value, let problem):
            if let value { return "\(place): field '\(field)' has invalid value \(value): \(problem)" }
            return "\(place): field '\(field)': \(problem)"
        }
    }
}
