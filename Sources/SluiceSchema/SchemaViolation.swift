/// One way an object breaks its schema, named by field.
public struct SchemaViolation: Sendable, Hashable, Error, CustomStringConvertible {
    /// What kind of rule was broken.
    public enum Rule: String, Sendable, Hashable {
        /// A field the schema does not declare (and does not preserve unknown fields for).
        case unknownField
        /// A required field is missing.
        case required
        /// The value has the wrong JSON type.
        case type
        /// The value is not one of the schema's `enum` values.
        case enumeration
        /// A string, number, array or object outside the schema's bounds or format.
        case value
    }

    /// The field at fault, as Kubernetes names it (`spec.template.spec.containers[0].image`).
    public var field: String
    /// The rule broken.
    public var rule: Rule
    /// What is wrong, in Kubernetes' words where it has them (`unknown field "spec.replica"`).
    public var message: String

    /// A violation.
    public init(field: String, rule: Rule, message: String) {
        self.field = field
        self.rule = rule
        self.message = message
    }

    /// `field: message`, as Kubernetes prints field errors; an unknown field's message already names it.
    public var description: String { field.isEmpty || rule == .unknownField ? message : "\(field): \(message)" }
}
