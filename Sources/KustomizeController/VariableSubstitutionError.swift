/// A post-build substitution failed: an unset variable in strict mode, an invalid name or a malformed expression.
public struct VariableSubstitutionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public var message: String

    /// An error with this message.
    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
