/// A ``RawConnection`` that could not connect.
public struct RawConnectionError: Error, CustomStringConvertible {
    /// What went wrong.
    public var description: String

    /// An error saying `description`.
    public init(description: String) { self.description = description }
}
