import SluiceCore

/// What applying one object will do, decided by ``ResourceApplier/plan(_:force:redactor:)`` (reads and a server-side
/// dry run, nothing written) and done by ``ResourceApplier/execute(_:)``; planning every object of a stage before
/// executing any is what keeps a refused object (a 403, an invalid field) from leaving the stage half-applied.
public struct ApplyPlan: Sendable {
    /// What will be done.
    public enum Step: Sendable {
        /// Nothing: excluded from apply (`ssa: Ignore`, `reconcile: disabled`) or `ssa: IfNotPresent` on a live object.
        case skip(live: KubeObject?)
        /// Nothing: the live object already holds the intent.
        case unchanged(live: KubeObject)
        /// Create it (it does not exist).
        case create
        /// Apply the drifted fields.
        case configure
        /// Delete and create anew (`force`, and the server refuses the change in place).
        case recreate
    }

    /// The object as it will be applied (placed).
    public let intent: KubeObject
    /// What will be done.
    public let step: Step
    /// The drifted fields (`configure`), masked; `recreated (immutable field changed)` for `recreate`.
    public let drift: [String]

    /// A plan.
    public init(intent: KubeObject, step: Step, drift: [String] = []) {
        self.intent = intent
        self.step = step
        self.drift = drift
    }
}
