import Foundation

extension ClientConfiguration {
    /// The server URL as messages and logs show it: scheme, host and port only.
    ///
    /// A kubeconfig may carry credentials in the URL itself (`https://user:password@host`, a token in the path as
    /// older Sluice servers wrote, or in the query), so the user information, path and query are never shown;
    /// an elided path is marked `/…`.
    public var displayServer: String { Self.displayServer(server) }

    /// `url` shown without user information, path or query; `(an invalid URL)` when it does not parse.
    public static func displayServer(_ url: String) -> String {
        guard let components = URLComponents(string: url), let scheme = components.scheme, let host = components.host, !host.isEmpty else {
            return "(an invalid URL)"
        }
        var shown = "\(scheme)://\(host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host)"
        if let port = components.port { shown += ":\(port)" }
        let path = components.percentEncodedPath
        if !(path.isEmpty || path == "/") || components.percentEncodedQuery != nil || components.fragment != nil { shown += "/…" }
        return shown
    }
}
