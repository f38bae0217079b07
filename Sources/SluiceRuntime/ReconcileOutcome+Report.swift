import SluiceAPI

extension ReconcileOutcome {
    /// What a debugging `reconcile` command prints: the outcome and each condition, one per line.
    public var report: String {
        switch self {
        case .notFound: return "not found"
        case .suspended: return "suspended: reconciliation is paused (spec.suspend)"
        case .finalized: return "finalized: the object was being deleted and has been cleaned up"
        case .undecodable(let message): return "invalid object: \(message)"
        case .reconciled(let result, let conditions):
            var lines: [String] = []
            switch result {
            case .success: lines.append("reconciled")
            case .failure(let error): lines.append("failed: \(error)")
            }
            for condition in conditions {
                lines.append("  \(condition.type)=\(condition.status.rawValue) \(condition.reason): \(condition.message)")
            }
            return lines.joined(separator: "\n")
        }
    }
}

extension ReconcileOutcome {
    /// The error the steps ended with, if they failed.
    public var failure: ReconcileError? {
        if case .reconciled(.failure(let error), _) = self { return error }
        return nil
    }
}
