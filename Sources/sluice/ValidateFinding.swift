/// One problem `sluice validate` found: where (file, line, object, field) and what.
struct ValidateFinding: Sendable, Hashable, Codable {
    /// How much it matters.
    enum Severity: String, Sendable, Hashable, Codable {
        /// The repository is invalid: the command exits non-zero.
        case error
        /// Worth knowing, not checked or not built; an error with `--strict`.
        case warning
    }

    /// Error or warning.
    var severity: Severity
    /// The file, relative to the validated directory (a directory for a build that names no file).
    var file: String
    /// The 1-based line of the object's document in `file`, when known.
    var line: Int?
    /// The object, `Kind/namespace/name`, when one is at fault.
    var object: String?
    /// The field at fault, as Kubernetes names it (`spec.template.spec.containers[0].image`).
    var field: String?
    /// The rule broken (`unknownField`, `required`, `type`, `enumeration`, `value`, `schema`, `build`, `yaml`, …).
    var rule: String
    /// What is wrong.
    var message: String

    /// The finding as one line: `apps/base/x/deploy.yaml: Deployment/ns/name: spec.replica: unknown field "replica"`.
    var text: String {
        var parts = [file]
        if let object { parts.append(object) }
        if let field, !field.isEmpty { parts.append(field) }
        parts.append(message)
        return parts.joined(separator: ": ")
    }
}
