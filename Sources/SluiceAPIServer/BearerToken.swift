import Crypto
import Foundation

/// The server's bearer token, checked in constant time.
///
/// Both the stored and the presented token are hashed (SHA-256) and the digests compared byte for byte
/// without an early exit, so how long a check takes says nothing about how much of a guess was right.
struct BearerToken: Sendable {
    private let digest: [UInt8]

    /// The token `token`.
    init(_ token: String) { digest = Array(SHA256.hash(data: Array(token.utf8))) }

    /// Whether an `Authorization` header value presents this token.
    ///
    /// Parsed as Kubernetes' bearer-token authenticator does: trimmed, split on spaces, the scheme
    /// `Bearer` in any case, then the token; anything else presents no token.
    func isPresented(in authorization: String?) -> Bool {
        guard let token = Self.presented(in: authorization) else { return false }
        return matches(token)
    }

    /// The token an `Authorization` header value presents (`Bearer TOKEN`, as ``isPresented(in:)`` parses it), if any.
    static func presented(in authorization: String?) -> String? {
        guard let authorization else { return nil }
        let parts = authorization.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2, parts[0].lowercased() == "bearer", !parts[1].isEmpty else { return nil }
        return String(parts[1])
    }

    /// Whether `candidate` is this token, in time independent of where they differ.
    func matches(_ candidate: String) -> Bool {
        let presented = Array(SHA256.hash(data: Array(candidate.utf8)))
        var difference: UInt8 = 0
        for index in digest.indices { difference |= digest[index] ^ presented[index] }
        return difference == 0
    }
}
