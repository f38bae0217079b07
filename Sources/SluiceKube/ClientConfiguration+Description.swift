extension ClientConfiguration: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// A description for logs and errors: where and how, never a token, password or key.
    public var description: String {
        var parts = ["server: \(displayServer)", "credentials: \(credentials)", "namespace: \(namespace)", "source: \(source)"]
        if certificateAuthorityPEM != nil { parts.append("custom CA") }
        if clientCertificatePEM != nil { parts.append("client certificate") }
        if insecureSkipTLSVerify { parts.append("insecure-skip-tls-verify") }
        if let tlsServerName { parts.append("tls-server-name: \(tlsServerName)") }
        return "ClientConfiguration(\(parts.joined(separator: ", ")))"
    }

    /// The same redacted description.
    public var debugDescription: String { description }

    /// Only the non-secret fields, so `dump` shows no token or key.
    public var customMirror: Mirror {
        Mirror(self, children: ["server": server, "credentials": credentials.description, "namespace": namespace, "source": source,
                                "insecureSkipTLSVerify": insecureSkipTLSVerify, "qps": qps, "burst": burst],
               displayStyle: .struct)
    }
}
