extension KubeConfig.User: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// Which kinds of credentials the user has, never their values.
    public var description: String {
        var kinds: [String] = []
        if token != nil { kinds.append("token") }
        if let tokenFile { kinds.append("tokenFile \(tokenFile)") }
        if clientCertificate != nil || clientCertificateData != nil { kinds.append("client certificate") }
        if username != nil { kinds.append("basic auth as \(username ?? "")") }
        return "User(\(kinds.joined(separator: ", ")))"
    }

    /// The same redacted description.
    public var debugDescription: String { description }

    /// No children, so `dump` shows no secret.
    public var customMirror: Mirror { Mirror(self, children: ["description": description], displayStyle: .struct) }
}
