/// A `WWW-Authenticate` challenge: the scheme (`Basic`, `Bearer`) and its parameters (`realm`, `service`, `scope`).
public struct AuthChallenge: Sendable, Hashable {
    /// The scheme, lowercased.
    public var scheme: String
    /// The parameters, keys lowercased.
    public var parameters: [String: String]

    /// Parses the first challenge of a header value (`Bearer realm="https://auth/token",service="registry",scope="…"`).
    /// Quoted strings may hold commas and backslash escapes. Nil when there is no scheme.
    public init?(header: String) {
        var scalars = Substring(header)[...]
        func skipSpaces() { while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() } }
        skipSpaces()
        let scheme = scalars.prefix { $0 != " " && $0 != "\t" && $0 != "," }
        guard !scheme.isEmpty else { return nil }
        self.scheme = scheme.lowercased()
        scalars = scalars.dropFirst(scheme.count)
        var parameters: [String: String] = [:]
        while true {
            skipSpaces()
            while scalars.first == "," { scalars.removeFirst(); skipSpaces() }
            let key = scalars.prefix { $0 != "=" && $0 != " " && $0 != "," }
            guard !key.isEmpty else { break }
            scalars = scalars.dropFirst(key.count)
            skipSpaces()
            // `Basic realm=x, Bearer …`: a new scheme without `=` ends this challenge.
            guard scalars.first == "=" else { break }
            scalars.removeFirst()
            skipSpaces()
            var value = ""
            if scalars.first == "\"" {
                scalars.removeFirst()
                while let character = scalars.first {
                    scalars.removeFirst()
                    if character == "\\", let escaped = scalars.first {
                        value.append(escaped)
                        scalars.removeFirst()
                    } else if character == "\"" {
                        break
                    } else {
                        value.append(character)
                    }
                }
            } else {
                let token = scalars.prefix { $0 != "," && $0 != " " }
                value = String(token)
                scalars = scalars.dropFirst(token.count)
            }
            parameters[key.lowercased()] = value
        }
        self.parameters = parameters
    }
}
