/// The Kustomization's path could not be prepared for building.
public struct KustomizationOverlayError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public var message: String

    /// An error with this message.
    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
