import SluiceCore

/// The parts of Go's `net/url` that Sprig's `urlParse`, `urlJoin` and the `urlquery` builtin reach: `url.Parse`,
/// `(*URL).String`, `Hostname`, and the escaping rules of each URL component, byte for byte as Go applies them.
struct GoURL {
    /// Which component a string is escaped or unescaped for (Go's `encoding`).
    enum Component {
        case path, pathSegment, host, zone, userPassword, queryComponent, fragment
    }

    /// A parse failure, worded as Go's error (`url.Parse` wraps it as `parse "URL": …`).
    struct ParseError: Error {
        var message: String
    }

    var scheme = ""
    var opaque = ""
    /// The user name and, when one was given (even empty), the password.
    var user: (name: String, password: String?)?
    var host = ""
    var path = ""
    var rawPath = ""
    var omitHost = false
    var forceQuery = false
    var rawQuery = ""
    var fragment = ""

    init() {}

    /// Go's `url.Parse`: the URL, or the error Go's `*url.Error` prints.
    static func parse(_ raw: String) throws(ParseError) -> GoURL {
        let bytes = Array(raw.utf8)
        let hash = bytes.firstIndex(of: UInt8(ascii: "#"))
        let main = hash.map { Array(bytes[..<$0]) } ?? bytes
        var url: GoURL
        do {
            url = try parseMain(main)
        } catch {
            throw ParseError(message: "parse \(GoQuote.quote(text(main))): \(error.message)")
        }
        guard let hash, hash + 1 < bytes.count else { return url }
        do {
            url.fragment = text(try unescape(Array(bytes[(hash + 1)...]), .fragment))
        } catch {
            throw ParseError(message: "parse \(GoQuote.quote(raw)): \(error.message)")
        }
        return url
    }

    /// Go's unexported `parse(rawURL, viaRequest: false)`.
    private static func parseMain(_ raw: [UInt8]) throws(ParseError) -> GoURL {
        var url = GoURL()
        if raw.contains(where: { $0 < 0x20 || $0 == 0x7f }) { throw ParseError(message: "net/url: invalid control character in URL") }
        if raw == Array("*".utf8) {
            url.path = "*"
            return url
        }
        var (scheme, rest) = try splitScheme(raw)
        url.scheme = text(scheme).lowercased()
        let question = UInt8(ascii: "?"), slash = UInt8(ascii: "/")
        if rest.last == question, rest.filter({ $0 == question }).count == 1 {
            url.forceQuery = true
            rest.removeLast()
        } else if let mark = rest.firstIndex(of: question) {
            url.rawQuery = text(rest[(mark + 1)...])
            rest = Array(rest[..<mark])
        }
        if rest.first != slash {
            if !url.scheme.isEmpty {
                // A rootless path after a scheme is opaque (RFC 3986).
                url.opaque = text(rest)
                return url
            }
            // Avoid confusion with malformed schemes, like cache_object:foo/bar.
            let segment = rest.prefix { $0 != slash }
            if segment.contains(UInt8(ascii: ":")) { throw ParseError(message: "first path segment in URL cannot contain colon") }
        }
        if rest.starts(with: [slash, slash]) && (!url.scheme.isEmpty || !rest.starts(with: [slash, slash, slash])) {
            var authority = Array(rest.dropFirst(2))
            rest = []
            if let end = authority.firstIndex(of: slash) {
                rest = Array(authority[end...])
                authority = Array(authority[..<end])
            }
            try url.parseAuthority(authority)
        } else if !url.scheme.isEmpty && rest.first == slash {
            url.omitHost = true
        }
        let path = try unescape(rest, .path)
        url.path = text(path)
        url.rawPath = escape(path, .path) == text(rest) ? "" : text(rest)
        return url
    }

    /// Go's `getScheme`: the scheme before the first `:`, if what precedes it can be one.
    private static func splitScheme(_ raw: [UInt8]) throws(ParseError) -> ([UInt8], [UInt8]) {
        for (index, byte) in raw.enumerated() {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"):
                continue
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."):
                if index == 0 { return ([], raw) }
            case UInt8(ascii: ":"):
                if index == 0 { throw ParseError(message: "missing protocol scheme") }
                return (Array(raw[..<index]), Array(raw[(index + 1)...]))
            default:
                return ([], raw)
            }
        }
        return ([], raw)
    }

    /// Go's `parseAuthority`: user information before the last `@`, then the host.
    private mutating func parseAuthority(_ authority: [UInt8]) throws(ParseError) {
        let at = authority.lastIndex(of: UInt8(ascii: "@"))
        host = Self.text(try Self.parseHost(at.map { Array(authority[($0 + 1)...]) } ?? authority))
        guard let at else { return }
        let info = Array(authority[..<at])
        guard Self.validUserinfo(info) else { throw ParseError(message: "net/url: invalid userinfo") }
        if let colon = info.firstIndex(of: UInt8(ascii: ":")) {
            user = (Self.text(try Self.unescape(Array(info[..<colon]), .userPassword)),
                    Self.text(try Self.unescape(Array(info[(colon + 1)...]), .userPassword)))
        } else {
            user = (Self.text(try Self.unescape(info, .userPassword)), nil)
        }
    }

    /// Go's `parseHost`: a port, if any, of digits only; `[…]` literals with an optional `%25` zone.
    private static func parseHost(_ host: [UInt8]) throws(ParseError) -> [UInt8] {
        if host.first == UInt8(ascii: "[") {
            guard let close = host.lastIndex(of: UInt8(ascii: "]")) else { throw ParseError(message: "missing ']' in host") }
            let port = Array(host[(close + 1)...])
            guard validOptionalPort(port) else { throw ParseError(message: "invalid port \(GoQuote.quote(text(port))) after host") }
            let inside = Array(host[..<close])
            if let zone = firstRange(of: Array("%25".utf8), in: inside) {
                return try unescape(Array(inside[..<zone]), .host) + unescape(Array(inside[zone...]), .zone)
                    + unescape(Array(host[close...]), .host)
            }
        } else if let colon = host.lastIndex(of: UInt8(ascii: ":")) {
            let port = Array(host[colon...])
            guard validOptionalPort(port) else { throw ParseError(message: "invalid port \(GoQuote.quote(text(port))) after host") }
        }
        return try unescape(host, .host)
    }

    private static func firstRange(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        return (0...(haystack.count - needle.count)).first { Array(haystack[$0..<($0 + needle.count)]) == needle }
    }

    /// Go's `validOptionalPort`: empty, or `:` and digits.
    private static func validOptionalPort(_ port: [UInt8]) -> Bool {
        guard let first = port.first else { return true }
        return first == UInt8(ascii: ":") && port.dropFirst().allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }

    /// Go's `validUserinfo` (RFC 3986 userinfo, plus `@`, which the last-`@` split lets through).
    private static func validUserinfo(_ info: [UInt8]) -> Bool {
        info.allSatisfy { byte in
            isAlphanumeric(byte) || Array("-._:~!$&'()*+,;=%@".utf8).contains(byte)
        }
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    /// Go's `URL.Hostname`: the host without its port and without the brackets of an IPv6 literal.
    var hostname: String {
        var name = Array(host.utf8)
        if let colon = name.lastIndex(of: UInt8(ascii: ":")), Self.validOptionalPort(Array(name[colon...])) {
            name = Array(name[..<colon])
        }
        if name.count >= 2, name.first == UInt8(ascii: "["), name.last == UInt8(ascii: "]") { name = Array(name.dropFirst().dropLast()) }
        return Self.text(name)
    }

    /// `url.Userinfo.String`: the escaped user name and, if set, `:` and the escaped password.
    var userinfo: String {
        guard let user else { return "" }
        var result = Self.escape(user.name, .userPassword)
        if let password = user.password { result += ":" + Self.escape(password, .userPassword) }
        return result
    }

    /// Go's `(*URL).String`.
    var string: String {
        var out = ""
        if !scheme.isEmpty { out += scheme + ":" }
        if !opaque.isEmpty {
            out += opaque
        } else {
            if !scheme.isEmpty || !host.isEmpty || user != nil {
                if !(omitHost && host.isEmpty && user == nil) {
                    if !host.isEmpty || !path.isEmpty || user != nil { out += "//" }
                    if user != nil { out += userinfo + "@" }
                    if !host.isEmpty { out += Self.escape(host, .host) }
                }
            }
            let escapedPath = self.escapedPath
            if let first = escapedPath.first, first != "/", !host.isEmpty { out += "/" }
            if out.isEmpty, escapedPath.prefix(while: { $0 != "/" }).contains(":") {
                // RFC 3986 §4.2: a first segment with a colon would read as a scheme.
                out += "./"
            }
            out += escapedPath
        }
        if forceQuery || !rawQuery.isEmpty { out += "?" + rawQuery }
        if !fragment.isEmpty { out += "#" + Self.escape(fragment, .fragment) }
        return out
    }

    /// Go's `URL.EscapedPath`: the raw path where it is a valid spelling of the path, else the path escaped.
    private var escapedPath: String {
        if !rawPath.isEmpty, let decoded = try? Self.unescape(Array(rawPath.utf8), .path), Self.text(decoded) == path,
           Self.validEncoded(Array(rawPath.utf8)) {
            return rawPath
        }
        if path == "*" { return "*" }
        return Self.escape(path, .path)
    }

    /// Go's `validEncoded(s, encodePath)`.
    private static func validEncoded(_ bytes: [UInt8]) -> Bool {
        bytes.allSatisfy { byte in
            Array("!$&'()*+,;=:@[]".utf8).contains(byte) || byte == UInt8(ascii: "%") || !shouldEscape(byte, .path)
        }
    }

    /// Go's `shouldEscape`.
    static func shouldEscape(_ byte: UInt8, _ component: Component) -> Bool {
        if isAlphanumeric(byte) { return false }
        if component == .host || component == .zone, Array("!$&'()*+,;=:[]<>\"".utf8).contains(byte) { return false }
        switch byte {
        case UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
            return false
        case UInt8(ascii: "$"), UInt8(ascii: "&"), UInt8(ascii: "+"), UInt8(ascii: ","), UInt8(ascii: "/"), UInt8(ascii: ":"),
             UInt8(ascii: ";"), UInt8(ascii: "="), UInt8(ascii: "?"), UInt8(ascii: "@"):
            switch component {
            case .path: return byte == UInt8(ascii: "?")
            case .pathSegment: return Array("/;,?".utf8).contains(byte)
            case .userPassword: return Array("@/?:".utf8).contains(byte)
            case .queryComponent: return true
            case .fragment: return false
            case .host, .zone: break
            }
        default:
            break
        }
        if component == .fragment, Array("!()*".utf8).contains(byte) { return false }
        return true
    }

    /// Go's `escape`: `%XX` for each byte the component may not hold (a space is `+` in a query component).
    static func escape(_ s: String, _ component: Component) -> String {
        escape(Array(s.utf8), component)
    }

    static func escape(_ bytes: [UInt8], _ component: Component) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        let hex = Array("0123456789ABCDEF".utf8)
        for byte in bytes {
            if byte == UInt8(ascii: " ") && component == .queryComponent {
                out.append(UInt8(ascii: "+"))
            } else if shouldEscape(byte, component) {
                out += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 15)]]
            } else {
                out.append(byte)
            }
        }
        return text(out)
    }

    /// Go's `unescape`, with its checks of `%` sequences and of host characters.
    static func unescape(_ bytes: [UInt8], _ component: Component) throws(ParseError) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "%"):
                guard bytes.count - index > 2, let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2]) else {
                    throw ParseError(message: "invalid URL escape \(GoQuote.quote(text(bytes[index..<min(bytes.count, index + 3)])))")
                }
                let sequence = Array(bytes[index..<(index + 3)])
                let isPercent = sequence == Array("%25".utf8)
                // Hosts may %-encode only non-ASCII bytes, and `%25` for the zone of an IPv6 literal (RFC 6874).
                if component == .host, high < 8, !isPercent {
                    throw ParseError(message: "invalid URL escape \(GoQuote.quote(text(sequence)))")
                }
                let value = high << 4 | low
                if component == .zone, !isPercent, value != UInt8(ascii: " "), shouldEscape(value, .host) {
                    throw ParseError(message: "invalid URL escape \(GoQuote.quote(text(sequence)))")
                }
                out.append(value)
                index += 3
            case UInt8(ascii: "+"):
                out.append(component == .queryComponent ? UInt8(ascii: " ") : byte)
                index += 1
            default:
                if component == .host || component == .zone, byte < 0x80, shouldEscape(byte, component) {
                    throw ParseError(message: "invalid character \(GoQuote.quote(text([byte]))) in host name")
                }
                out.append(byte)
                index += 1
            }
        }
        return out
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    private static func text<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> String {
        String(decoding: bytes, as: UTF8.self)
    }
}
