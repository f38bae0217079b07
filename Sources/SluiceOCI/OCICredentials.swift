/// A user name and password (or a registry token as the password) for one registry. Its description hides the secret.
public struct OCICredentials: Sendable, Hashable, CustomStringConvertible {
    /// The user name.
    public var username: String
    /// The password or token.
    public var password: String

    /// Credentials.
    public init(username: String, password: String) {
        self.username = username
        self.password = password
    }

    /// `user:pass` as `--creds` takes it; nil without a colon.
    public init?(userColonPassword text: String) {
        guard let colon = text.firstIndex(of: ":") else { return nil }
        self.init(username: String(text[..<colon]), password: String(text[text.index(after: colon)...]))
    }

    /// `username=… (password hidden)`: never the password.
    public var description: String { "username=\(username) (password hidden)" }
}
