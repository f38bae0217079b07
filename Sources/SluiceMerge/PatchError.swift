/// Why a patch could not be applied: the path it failed at and the cause, in one message.
public struct PatchError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The message, naming the path and the cause.
    public var message: String

    /// An error with this message.
    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
