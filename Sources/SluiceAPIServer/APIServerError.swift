/// Why the server could not start.
public struct APIServerError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, for people.
    public var description: String

    /// An error.
    public init(_ description: String) { self.description = description }
}
