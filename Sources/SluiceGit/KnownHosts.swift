import Crypto
import Foundation

/// OpenSSH `known_hosts` entries and the host-key check against them.
///
/// Understands plain host names and addresses, `[host]:port`, comma-separated patterns with `*`, `?` and `!`
/// negation, hashed entries (`|1|salt|hash`), and the markers `@revoked` (a matching key is refused) and
/// `@cert-authority` (ignored: libssh2 does not do host certificates).
struct KnownHosts: Sendable {
    /// One line.
    struct Entry: Sendable {
        /// `@revoked` or `@cert-authority`, if present.
        var marker: String?
        /// The host patterns of the line.
        var hosts: HostField
        /// The key type, such as `ssh-ed25519`.
        var keyType: String
        /// The key blob (the base64 field decoded).
        var key: [UInt8]
    }

    /// The host field of a line: a hashed host, or comma-separated patterns.
    enum HostField: Sendable {
        case hashed(salt: [UInt8], hash: [UInt8])
        case patterns([String])
    }

    /// The outcome of a check.
    enum Verdict: Equatable, Sendable {
        /// A line for this host has this key.
        case trusted
        /// A `@revoked` line for this host has this key.
        case revoked
        /// Lines for this host exist, none with this key; their key types.
        case mismatch(knownTypes: [String])
        /// No line names this host.
        case unknownHost
    }

    /// The parsed lines (comments, blank and malformed lines dropped).
    var entries: [Entry]

    /// Parses `text`.
    init(_ text: String) {
        entries = text.split(whereSeparator: \.isNewline).compactMap { Self.parse(line: $0) }
    }

    /// Whether no usable line was found.
    var isEmpty: Bool { entries.isEmpty }

    /// Checks the key `key` (an SSH wire-format blob) that `host` presented on `port`.
    func verify(host: String, port: Int, key: [UInt8]) -> Verdict {
        let name = Self.hostName(host, port: port)
        let matching = entries.filter { $0.marker != "@cert-authority" && Self.matches($0.hosts, name: name) }
        if matching.contains(where: { $0.marker == "@revoked" && $0.key == key }) { return .revoked }
        let plain = matching.filter { $0.marker == nil }
        if plain.contains(where: { $0.key == key }) { return .trusted }
        if plain.isEmpty { return .unknownHost }
        var types: [String] = []
        for entry in plain where !types.contains(entry.keyType) { types.append(entry.keyType) }
        return .mismatch(knownTypes: types)
    }

    /// The name OpenSSH looks up: `host`, or `[host]:port` for a port other than 22.
    static func hostName(_ host: String, port: Int) -> String {
        let host = host.lowercased()
        return port == 22 ? host : "[\(host)]:\(port)"
    }

    /// OpenSSH's fingerprint of a key blob: `SHA256:` and unpadded base64.
    static func fingerprint(_ key: [UInt8]) -> String {
        let digest = Data(SHA256.hash(data: key)).base64EncodedString()
        return "SHA256:" + digest.replacingOccurrences(of: "=", with: "")
    }

    /// The key type named at the start of a key blob (a length-prefixed string).
    static func keyType(ofBlob key: [UInt8]) -> String? {
        guard key.count >= 4 else { return nil }
        let length = Int(key[0]) << 24 | Int(key[1]) << 16 | Int(key[2]) << 8 | Int(key[3])
        guard length > 0, length <= key.count - 4 else { return nil }
        return String(decoding: key[4..<(4 + length)], as: UTF8.self)
    }

    private static func parse(line: Substring) -> Entry? {
        var fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard let first = fields.first, !first.hasPrefix("#") else { return nil }
        var marker: String?
        if first.hasPrefix("@") {
            marker = first.lowercased()
            fields.removeFirst()
        }
        guard fields.count >= 3, let key = Data(base64Encoded: fields[2]), !key.isEmpty else { return nil }
        let keyBytes = [UInt8](key)
        // The blob names its own type; a line whose type field disagrees is malformed.
        guard keyType(ofBlob: keyBytes) == fields[1] else { return nil }
        let hosts: HostField
        if fields[0].hasPrefix("|1|") {
            let parts = fields[0].split(separator: "|", omittingEmptySubsequences: false)
            guard parts.count == 4, let salt = Data(base64Encoded: String(parts[2])),
                  let hash = Data(base64Encoded: String(parts[3])) else { return nil }
            hosts = .hashed(salt: [UInt8](salt), hash: [UInt8](hash))
        } else {
            hosts = .patterns(fields[0].split(separator: ",").map { $0.lowercased() })
        }
        return Entry(marker: marker, hosts: hosts, keyType: fields[1], key: keyBytes)
    }

    private static func matches(_ hosts: HostField, name: String) -> Bool {
        switch hosts {
        case .hashed(let salt, let hash):
            let mac = HMAC<Insecure.SHA1>.authenticationCode(for: Data(name.utf8), using: SymmetricKey(data: salt))
            return [UInt8](mac) == hash
        case .patterns(let patterns):
            var matched = false
            for pattern in patterns {
                if pattern.hasPrefix("!") {
                    if wildcard(Array(pattern.dropFirst()), Array(name)) { return false }
                } else if wildcard(Array(pattern), Array(name)) {
                    matched = true
                }
            }
            return matched
        }
    }

    /// Glob matching with `*` and `?`, as OpenSSH's `match_pattern`.
    private static func wildcard(_ pattern: [Character], _ text: [Character]) -> Bool {
        var p = 0, t = 0
        var star = -1, mark = 0
        while t < text.count {
            if p < pattern.count && (pattern[p] == "?" || pattern[p] == text[t]) {
                p += 1
                t += 1
            } else if p < pattern.count && pattern[p] == "*" {
                star = p
                mark = t
                p += 1
            } else if star >= 0 {
                p = star + 1
                mark += 1
                t = mark
            } else {
                return false
            }
        }
        while p < pattern.count && pattern[p] == "*" { p += 1 }
        return p == pattern.count
    }
}
