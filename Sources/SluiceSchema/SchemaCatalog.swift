import SluiceCore

/// The schemas objects are checked against: Kubernetes v1.32's built-in definitions, plus the
/// `openAPIV3Schema`s of CustomResourceDefinitions added to it.
public struct SchemaCatalog: Sendable {
    /// Why a catalog could not be built or a CRD not added.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        /// What went wrong.
        public var message: String
        /// A failure.
        public init(_ message: String) { self.message = message }
        public var description: String { message }
    }

    /// The built-in definitions, keyed by definition name.
    public private(set) var definitions: [String: JSONValue] = [:]
    /// The schema of each custom kind's served version.
    public private(set) var customSchemas: [GroupVersionKind: JSONValue] = [:]

    /// An empty catalog (no built-in definitions).
    public init() {}

    /// The catalog of the built-in definitions (read once from the package's resource).
    public static func builtIn() throws(Failure) -> SchemaCatalog {
        SchemaCatalog()  // CONTRACT
    }

    /// Adds (or replaces) the schemas of every version of a CustomResourceDefinition object.
    public mutating func addCustomResourceDefinition(_ crd: JSONValue) throws(Failure) {
        // CONTRACT
    }

    /// The schema for a group, version and kind: a built-in definition (with `$ref`s left to resolve through
    /// ``definitions``) or a CRD's `openAPIV3Schema`; nil when unknown.
    public func schema(for gvk: GroupVersionKind) -> JSONValue? {
        nil  // CONTRACT
    }

    /// Whether the catalog knows a schema for the kind.
    public func knows(_ gvk: GroupVersionKind) -> Bool { schema(for: gvk) != nil }

    /// Checks an object (with `apiVersion` and `kind`) against its schema: unknown fields, required fields, types,
    /// enums, formats and bounds, as Kubernetes' strict field validation and its OpenAPI schema do. Empty when valid
    /// or when the kind is unknown (check ``knows(_:)`` first).
    public func validate(_ object: JSONValue) -> [SchemaViolation] {
        []  // CONTRACT
    }
}
