import Foundation

/// A Git URL, parsed and validated before anything connects.
///
/// Accepts `https://`, `http://`, `ssh://`, `git://` and `file://` URLs and the scp-like SSH form `user@host:path`.
public struct GitURL: Sendable, Hashable {
    /// The schemes libgit2 is asked to speak.
    public static let supportedSchemes: Set<String> = ["https", "http", "ssh", "git", "file"]

    /// The URL as given (it may contain a password: never log it, use `redacted`).
    var text: String
    /// `https`, `http`, `ssh`, `git` or `file` (scp-like URLs are `ssh`).
    public var scheme: String
    /// The host name or address (IPv6 without brackets); nil for `file://`.
    public var host: String?
    /// The explicit port, if any.
    public var port: Int?
    /// The user name from the URL, if any.
    public var user: String?
    /// The path on the server (for scp-like URLs, the part after the colon).
    public var path: String
    /// The URL without its password.
    public var redacted: String
    /// The password in the URL's userinfo, if any (libgit2 tries it as the first credential).
    var password: String?
    /// Whether the URL uses the scp-like form `user@host:path`.
    public var isSCPLike: Bool
    /// The URL without user name and password (scp-like and file URLs as given).
    var withoutUserinfo: String

    /// Parses `text`.
    /// - Throws: `GitError` of kind `.invalidURL` or `.unsupportedScheme`.
    public init(_ text: String) throws {
        self.text = text
        guard !text.isEmpty else { throw GitError(.invalidURL, "invalid URL: empty") }
        if text.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F }) {
            throw GitError(.invalidURL, "invalid URL '\(Self.scrub(text))': contains whitespace or control characters")
        }
        if let separator = text.range(of: "://") {
            let scheme = text[..<separator.lowerBound].lowercased()
            guard !scheme.isEmpty, scheme.first!.isLetter,
                  scheme.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }) else {
                throw GitError(.invalidURL, "invalid URL '\(Self.scrub(text))': malformed scheme")
            }
            guard Self.supportedSchemes.contains(scheme) else {
                throw GitError(.unsupportedScheme, "unsupported URL scheme '\(scheme)' in '\(Self.scrub(text))': use https, http, ssh, git or file")
            }
            self.scheme = scheme
            isSCPLike = false
            let rest = text[separator.upperBound...]
            let authority = rest.prefix { $0 != "/" }
            path = String(rest[authority.endIndex...])
            if scheme == "file" {
                guard authority.isEmpty || authority == "localhost" else {
                    throw GitError(.invalidURL, "invalid URL '\(text)': a file URL has no host (file:///path)")
                }
                guard !path.isEmpty else { throw GitError(.invalidURL, "invalid URL '\(text)': no path") }
                host = nil
                port = nil
                user = nil
                password = nil
                redacted = text
                withoutUserinfo = text
                return
            }
            let parts = try Self.authority(String(authority), in: text)
            (user, password, host, port) = (parts.user, parts.password, parts.host, parts.port)
            guard !path.isEmpty, path != "/" else {
                throw GitError(.invalidURL, "invalid URL '\(Self.scrub(text))': no repository path")
            }
            var hostPort = parts.rawHost
            if let port { hostPort += ":\(port)" }
            redacted = "\(scheme)://" + (user.map { "\($0)@" } ?? "") + hostPort + path
            withoutUserinfo = "\(scheme)://" + hostPort + path
        } else {
            // scp-like: [user@]host:path, the colon before any slash.
            guard let colon = text.firstIndex(of: ":"), !text[..<colon].contains("/") else {
                throw GitError(.invalidURL, "invalid URL '\(Self.scrub(text))': no scheme (use https://, http://, ssh://, git://, file:// or user@host:path)")
            }
            let authority = String(text[..<colon])
            let path = String(text[text.index(after: colon)...])
            var user: String?
            var host = authority
            if let at = authority.lastIndex(of: "@") {
                user = String(authority[..<at])
                host = String(authority[authority.index(after: at)...])
                if user!.isEmpty { throw GitError(.invalidURL, "invalid URL '\(text)': empty user name") }
            }
            if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
            guard !host.isEmpty, Self.isValidHost(host) else { throw GitError(.invalidURL, "invalid URL '\(text)': malformed host") }
            guard !path.isEmpty else { throw GitError(.invalidURL, "invalid URL '\(text)': no repository path") }
            if user?.contains(":") == true {
                throw GitError(.invalidURL, "invalid URL '\(Self.scrub(text))': an scp-like URL cannot carry a password")
            }
            scheme = "ssh"
            isSCPLike = true
            self.host = host
            self.user = user
            self.path = path
            port = nil
            password = nil
            redacted = text
            withoutUserinfo = text
        }
    }

    /// The port libgit2 connects to: the explicit one or the scheme's default.
    public var effectivePort: Int {
        if let port { return port }
        switch scheme {
        case "https": return 443
        case "http": return 80
        case "ssh": return 22
        case "git": return 9418
        default: return 0
        }
    }

    /// The user, host, port of an authority; the raw host keeps IPv6 brackets.
    private static func authority(_ authority: String, in text: String)
        throws -> (user: String?, password: String?, host: String, rawHost: String, port: Int?) {
        var user: String?
        var password: String?
        var hostPort = Substring(authority)
        if let at = authority.lastIndex(of: "@") {
            let userinfo = authority[..<at]
            hostPort = authority[authority.index(after: at)...]
            if let colon = userinfo.firstIndex(of: ":") {
                user = String(userinfo[..<colon])
                password = String(userinfo[userinfo.index(after: colon)...])
            } else {
                user = String(userinfo)
            }
            if user!.isEmpty && password == nil { user = nil }
        }
        var rawHost: Substring
        var portText: Substring?
        if hostPort.hasPrefix("[") {
            guard let close = hostPort.firstIndex(of: "]") else {
                throw GitError(.invalidURL, "invalid URL '\(scrub(text))': unterminated IPv6 address")
            }
            rawHost = hostPort[...close]
            let after = hostPort[hostPort.index(after: close)...]
            if !after.isEmpty {
                guard after.first == ":" else { throw GitError(.invalidURL, "invalid URL '\(scrub(text))': malformed host") }
                portText = after.dropFirst()
            }
        } else if let colon = hostPort.lastIndex(of: ":") {
            rawHost = hostPort[..<colon]
            portText = hostPort[hostPort.index(after: colon)...]
        } else {
            rawHost = hostPort
        }
        let host = rawHost.hasPrefix("[") ? String(rawHost.dropFirst().dropLast()) : String(rawHost)
        guard !host.isEmpty, isValidHost(host) else {
            throw GitError(.invalidURL, "invalid URL '\(scrub(text))': missing or malformed host")
        }
        var port: Int?
        if let portText, !portText.isEmpty {
            guard portText.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(portText), (1...65535).contains(number) else {
                throw GitError(.invalidURL, "invalid URL '\(scrub(text))': invalid port '\(portText)'")
            }
            port = number
        } else if portText != nil {
            throw GitError(.invalidURL, "invalid URL '\(scrub(text))': empty port")
        }
        return (user, password, host, String(rawHost), port)
    }

    /// Host names, IPv4 and IPv6 addresses: letters, digits and `.-_:%`.
    private static func isValidHost(_ host: String) -> Bool {
        host.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || ".-_:%".contains($0)) }
    }

    /// `text` with the password of a `scheme://user:password@` userinfo replaced by `*****`.
    static func scrub(_ text: String) -> String {
        guard let separator = text.range(of: "://") else { return text }
        let rest = text[separator.upperBound...]
        let authority = rest.prefix { $0 != "/" }
        guard let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":") else { return text }
        return String(text[..<authority.index(after: colon)]) + "*****" + String(text[at...])
    }
}
