import ArgumentParser

/// A `host:port` to listen on, as the `--metrics-addr` style flags take it.
///
/// A bare `:port` means loopback here, not every interface as in Go: Sluice
/// listens on other interfaces only when a host is named (`0.0.0.0:8080` in a pod).
public struct ListenAddress: Sendable, Hashable, ExpressibleByArgument, CustomStringConvertible {
    /// The host to bind.
    public var host: String
    /// The port; 0 picks a free one.
    public var port: Int

    /// An address.
    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    public init?(argument: String) {
        guard let colon = argument.lastIndex(of: ":"), let port = Int(argument[argument.index(after: colon)...]),
            (0...65535).contains(port)
        else { return nil }
        var host = String(argument[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        self.init(host: host.isEmpty ? "127.0.0.1" : host, port: port)
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}
