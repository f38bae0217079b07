import SluiceCore

/// A role reference that cannot be resolved, worded as Kubernetes words it.
struct RBACResolutionError: Error, Sendable, Hashable {
    var message: String

    /// The lister's not-found error: `clusterrole.rbac.authorization.k8s.io "x" not found`.
    static func notFound(_ singular: String, _ name: String) -> RBACResolutionError {
        RBACResolutionError(message: "\(singular).rbac.authorization.k8s.io \(GoQuote.quote(name)) not found")
    }

    /// Several errors as Go's `utilerrors.NewAggregate(...).Error()` prints them: one alone, else `[a, b]` without repeats.
    static func aggregate(_ errors: [RBACResolutionError]) -> String {
        var seen: [String] = []
        for error in errors where !seen.contains(error.message) { seen.append(error.message) }
        return seen.count == 1 ? seen[0] : "[" + seen.joined(separator: ", ") + "]"
    }
}
