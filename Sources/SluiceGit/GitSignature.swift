import Foundation

/// The author or committer of a commit.
public struct GitSignature: Sendable, Hashable {
    /// The name, as recorded.
    public var name: String
    /// The e-mail address, as recorded.
    public var email: String
    /// When (the time zone offset Git records is not kept).
    public var when: Date

    /// Creates a signature.
    public init(name: String, email: String, when: Date) {
        self.name = name
        self.email = email
        self.when = when
    }
}
