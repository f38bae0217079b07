import SluiceCore
import SluiceSchema

/// The schemas the server checks built-in objects against and serves as OpenAPI: Kubernetes v1.32's definitions
/// (read once, at first use) plus the stored CustomResourceDefinitions.
enum ServedSchemas {
    /// The built-in definitions; empty (nothing checked, nothing explained) if the package's resource is unreadable.
    static let builtIn: SchemaCatalog = (try? SchemaCatalog.builtIn()) ?? SchemaCatalog()

    /// The built-in definitions plus every CRD in `crds` that the catalog accepts.
    static func catalog(crds: some Sequence<JSONValue>) -> SchemaCatalog {
        var catalog = builtIn
        for crd in crds { try? catalog.addCustomResourceDefinition(crd) }
        return catalog
    }

    /// The served kinds as the OpenAPI documents list them (the review kinds too: kubectl validates a
    /// `SubjectAccessReview` it creates, and looks its kind up in the v3 documents).
    static func kinds(_ registry: ResourceRegistry) -> [GroupVersionKindScope] {
        registry.types.flatMap { type in
            type.versions.map { GroupVersionKindScope(gvk: type.gvk($0), plural: type.plural, namespaced: type.namespaced) }
        }
    }

    /// The unknown fields of a built-in object (for `fieldValidation=Strict`), as Kubernetes names them
    /// (`spec.replica`, `spec.template.spec.containers[0].imagee`).
    static func unknownFields(_ object: JSONValue) -> [String] {
        builtIn.validate(object).filter { $0.rule == .unknownField }.map(\.field)
    }

    /// Why a built-in object breaks its schema, as the real server reports it: required fields and values outside
    /// an enumeration as 422 causes; a value of the wrong JSON type as the decoding error (400) Go's decoder gives.
    static func causes(_ object: JSONValue, type: ResourceType) throws(APIError) -> [APIError.Cause] {
        guard !type.isCustom, builtIn.knows(type.gvk(type.storageVersion)) else { return [] }
        var causes: [APIError.Cause] = []
        for violation in builtIn.validate(object) {
            switch violation.rule {
            case .required:
                causes.append(.init(reason: "FieldValueRequired", message: "Required value", field: violation.field))
            case .enumeration:
                causes.append(.init(reason: "FieldValueNotSupported", message: violation.message, field: violation.field))
            case .type:
                let version = type.storageVersion
                throw .badRequest("\(type.kind) in version \"\(version)\" cannot be handled as a \(type.kind): \(violation.description)")
            case .unknownField, .value:
                continue
            }
        }
        return causes
    }
}
