/// A post-build substitution failed: an unset variable in strict mode, an invalid name or a malformed expression.
public struct VariableSubstitutionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, quoting the manifest where that helps find it.
    public var message: String
    /// What went wrong without quoting the manifest, for an object whose text must not be shown (a Secret).
    public var unquoted: String

    /// An error with this message; `unquoted` when the message quotes the manifest's text.
    public init(_ message: String, unquoted: String? = nil) {
        self.message = message
        self.unquoted = unquoted ?? message
    }

    public var description: String { message }
}
