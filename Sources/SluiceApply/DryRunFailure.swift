import SluiceKube

/// A server-side dry-run apply the API server refused, worded as Flux's `ssa.DryRunErr`:
/// `Deployment/default/web dry-run failed (Invalid): Deployment.apps "web" is invalid: …`.
public struct DryRunFailure: Error, CustomStringConvertible {
    /// The object, as `Kind/namespace/name`.
    public var subject: String
    /// What the server answered.
    public var underlying: any Error

    /// A failure of `subject`.
    public init(subject: String, underlying: any Error) {
        self.subject = subject
        self.underlying = underlying
    }

    public var description: String {
        guard let error = underlying as? KubernetesError else { return "\(subject) dry-run failed: \(underlying)" }
        switch error {
        case .notFound(let message): return "\(subject) not found: \(message)"
        case .invalid(let message, _): return "\(subject) dry-run failed (Invalid): \(message)"
        case .conflict(let message): return "\(subject) dry-run failed (Conflict): \(message)"
        case .forbidden(let message): return "\(subject) dry-run failed (Forbidden): \(message)"
        case .unauthorized(let message): return "\(subject) dry-run failed (Unauthorized): \(message)"
        case .gone(let message): return "\(subject) dry-run failed (Expired): \(message)"
        case .tooManyRequests(let message, _): return "\(subject) dry-run failed (TooManyRequests): \(message)"
        // A refusal without a reason (the 500 of an apply with a field the schema does not declare) has no
        // parenthesised reason in Flux's wording either.
        case .other(_, let message): return "\(subject) dry-run failed: \(message)"
        }
    }
}
