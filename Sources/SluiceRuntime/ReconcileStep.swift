import SluiceAPI

/// One step of a reconciliation: it reads and changes the object and owns the conditions it sets.
///
/// Steps run in order. A step returns normally to continue, returns
/// `.requeue` to finish early, and throws a ``ReconcileError`` to fail.
public struct ReconcileStep<Object: Reconcilable>: Sendable {
    /// The step's name, for logs.
    public var name: String
    /// The work.
    public var run: @Sendable (inout Object, inout Conditions, ReconcileContext) async throws -> ReconcileResult

    /// A named step.
    public init(_ name: String, run: @escaping @Sendable (inout Object, inout Conditions, ReconcileContext) async throws -> ReconcileResult) {
        self.name = name
        self.run = run
    }
}
