import Foundation

/// Why a text is not a ``VersionConstraint``, naming the part that is wrong.
public struct VersionConstraintError: Error, Sendable, Equatable, LocalizedError, CustomStringConvertible {
    /// What is wrong, such as `improper constraint: >=foo`.
    public var message: String

    /// An error with this message.
    public init(message: String) { self.message = message }

    /// The message.
    public var description: String { message }

    /// The message, for `localizedDescription`.
    public var errorDescription: String? { message }
}
