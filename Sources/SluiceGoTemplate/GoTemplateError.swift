/// A template that does not parse or does not execute, with Go's message
/// (`template: NAME:LINE:COL: executing "NAME" at <NODE>: CAUSE`), so errors read as Helm's do.
public struct GoTemplateError: Error, Sendable, Equatable, CustomStringConvertible {
    /// When the error happened.
    public enum Kind: Sendable, Equatable {
        /// The text is not a template (lexing or parsing).
        case parse
        /// The template failed while rendering (a function's error, a type mismatch, a missing template).
        case execution
    }

    /// When the error happened.
    public var kind: Kind
    /// Go's message.
    public var message: String

    /// An error of `kind` with Go's `message`.
    public init(kind: Kind, message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
