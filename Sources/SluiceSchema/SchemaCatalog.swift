import Foundation
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

    /// The CRD schemas' `pattern`s, compiled once when the CRD is added (a pattern RE2 refuses is absent: not checked).
    private(set) var patterns: [String: LinearRegex] = [:]

    /// An empty catalog (no built-in definitions).
    public init() {}

    /// A catalog of these definitions (keyed by name, refs written `#/definitions/NAME`).
    public init(definitions: [String: JSONValue]) {
        self.definitions = definitions
    }

    /// The catalog of the built-in definitions (read once from the package's resource).
    public static func builtIn() throws(Failure) -> SchemaCatalog {
        try loadedBuiltIn.get()
    }

    /// The name of the package resource that holds the built-in definitions.
    static let resourceName = "kubernetes-definitions"

    /// The built-in catalog, read and parsed on first use and kept (the resource never changes).
    private static let loadedBuiltIn: Result<SchemaCatalog, Failure> = {
        guard let url = Bundle.module.url(forResource: resourceName, withExtension: "json") else {
            return .failure(Failure("SluiceSchema: the bundled \(resourceName).json is missing"))
        }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            return .failure(Failure("SluiceSchema: cannot read the bundled \(resourceName).json: \(error)"))
        }
        let document: JSONValue
        do {
            document = try JSONParser().parse(Array(data))
        } catch {
            return .failure(Failure("SluiceSchema: the bundled \(resourceName).json is not valid JSON: \(error)"))
        }
        guard let table = document["definitions"]?.objectValue else {
            return .failure(Failure("SluiceSchema: the bundled \(resourceName).json has no definitions"))
        }
        var definitions: [String: JSONValue] = [:]
        definitions.reserveCapacity(table.count)
        for (name, schema) in table { definitions[name] = schema }
        return .success(SchemaCatalog(definitions: definitions))
    }()

    /// Adds (or replaces) the schemas of every version of a CustomResourceDefinition object.
    public mutating func addCustomResourceDefinition(_ crd: JSONValue) throws(Failure) {
        for (gvk, schema) in try Self.versionSchemas(of: crd) {
            customSchemas[gvk] = schema
            compilePatterns(in: schema, depth: 0)
        }
    }

    /// Compiles every `pattern` of a schema (nested at most as deep as the validator walks).
    private mutating func compilePatterns(in schema: JSONValue, depth: Int) {
        guard depth <= SchemaValidator.maxDepth * 2 else { return }
        switch schema {
        case .object(let members):
            for (key, value) in members {
                if key == "pattern", let pattern = value.stringValue {
                    if patterns[pattern] == nil, let regex = try? LinearRegex(pattern) { patterns[pattern] = regex }
                } else {
                    compilePatterns(in: value, depth: depth + 1)
                }
            }
        case .array(let elements):
            for element in elements { compilePatterns(in: element, depth: depth + 1) }
        default:
            break
        }
    }

    /// Each served version's group, version and kind with its `openAPIV3Schema` (a version without one preserves
    /// every field, as a CRD with no schema did).
    static func versionSchemas(of crd: JSONValue) throws(Failure) -> [(GroupVersionKind, JSONValue)] {
        let name = crd["metadata"]?["name"]?.stringValue ?? "(unnamed)"
        guard crd.objectValue != nil else { throw Failure("CustomResourceDefinition is not an object") }
        guard let spec = crd["spec"], spec.objectValue != nil else {
            throw Failure("CustomResourceDefinition \(name): spec is missing")
        }
        guard let group = spec["group"]?.stringValue, !group.isEmpty else {
            throw Failure("CustomResourceDefinition \(name): spec.group is missing")
        }
        guard let kind = spec["names"]?["kind"]?.stringValue, !kind.isEmpty else {
            throw Failure("CustomResourceDefinition \(name): spec.names.kind is missing")
        }
        guard let versions = spec["versions"]?.arrayValue, !versions.isEmpty else {
            throw Failure("CustomResourceDefinition \(name): spec.versions is missing")
        }
        var out: [(GroupVersionKind, JSONValue)] = []
        for (index, version) in versions.enumerated() {
            guard let versionName = version["name"]?.stringValue, !versionName.isEmpty else {
                throw Failure("CustomResourceDefinition \(name): spec.versions[\(index)].name is missing")
            }
            if version["served"]?.boolValue == false { continue }
            let schema = version["schema"]?["openAPIV3Schema"] ?? spec["validation"]?["openAPIV3Schema"]
            if let schema, schema.objectValue == nil {
                throw Failure(
                    "CustomResourceDefinition \(name): spec.versions[\(index)].schema.openAPIV3Schema is not an object")
            }
            out.append((GroupVersionKind(group: group, version: versionName, kind: kind),
                        schema ?? ["type": "object", "x-kubernetes-preserve-unknown-fields": true]))
        }
        return out
    }

    /// The schema for a group, version and kind: a built-in definition (with `$ref`s left to resolve through
    /// ``definitions``) or a CRD's `openAPIV3Schema`; nil when unknown.
    public func schema(for gvk: GroupVersionKind) -> JSONValue? {
        if let custom = customSchemas[gvk] { return custom }
        guard let builtIn = BuiltInKinds.kind(gvk) else { return nil }
        return definitions[builtIn.definition]
    }

    /// Whether the catalog knows a schema for the kind.
    public func knows(_ gvk: GroupVersionKind) -> Bool { schema(for: gvk) != nil }

    /// Whether the kind's schema is a CRD's (whose objects without properties hold no unknown fields) rather than a
    /// built-in definition (whose objects without properties, such as RawExtension, hold anything).
    func isCustom(_ gvk: GroupVersionKind) -> Bool { customSchemas[gvk] != nil }

    /// Checks an object (with `apiVersion` and `kind`) against its schema: unknown fields, required fields, types,
    /// enums, formats and bounds, as Kubernetes' strict field validation and its OpenAPI schema do. Empty when valid
    /// or when the kind is unknown (check ``knows(_:)`` first).
    public func validate(_ object: JSONValue) -> [SchemaViolation] {
        guard let apiVersion = object["apiVersion"]?.stringValue, let kind = object["kind"]?.stringValue else { return [] }
        let gvk = GroupVersionKind(apiVersion: apiVersion, kind: kind)
        guard let schema = schema(for: gvk) else { return [] }
        var validator = SchemaValidator(catalog: self, custom: isCustom(gvk))
        validator.validateObject(object, schema: schema)
        return validator.violations
    }
}
