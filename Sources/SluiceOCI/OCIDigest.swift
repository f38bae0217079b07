import Crypto
import Foundation

/// A content digest, `sha256:<64 hex>` or `sha512:<128 hex>`, and the running hash that checks bytes against it.
public struct OCIDigest: Sendable, Hashable, CustomStringConvertible {
    /// `sha256` or `sha512`.
    public var algorithm: String
    /// The lowercase hex value.
    public var hex: String

    /// Parses `algorithm:hex`; nil when the algorithm is not sha256/sha512 or the hex is not the algorithm's length.
    public init?(_ text: String) {
        guard let colon = text.firstIndex(of: ":") else { return nil }
        let algorithm = String(text[..<colon])
        let hex = String(text[text.index(after: colon)...])
        let length: Int
        switch algorithm {
        case "sha256": length = 64
        case "sha512": length = 128
        default: return nil
        }
        guard hex.utf8.count == length, hex.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) else { return nil }
        self.algorithm = algorithm
        self.hex = hex
    }

    /// The sha256 digest of `bytes`.
    public static func sha256<Bytes: Sequence>(of bytes: Bytes) -> OCIDigest where Bytes.Element == UInt8 {
        var hasher = Hasher(algorithm: "sha256")
        hasher.update(Array(bytes))
        return hasher.finalize()
    }

    public var description: String { "\(algorithm):\(hex)" }

    /// A running hash of the digest's algorithm.
    public struct Hasher {
        private var sha256: SHA256?
        private var sha512: SHA512?
        private let algorithm: String

        /// A hasher for `algorithm` (`sha256` or `sha512`).
        public init(algorithm: String) {
            self.algorithm = algorithm
            if algorithm == "sha512" { sha512 = SHA512() } else { sha256 = SHA256() }
        }

        /// Adds `bytes`.
        public mutating func update<Bytes: DataProtocol>(_ bytes: Bytes) {
            if sha512 != nil { sha512!.update(data: bytes) } else { sha256!.update(data: bytes) }
        }

        /// Adds the bytes `buffer` points at.
        public mutating func update(_ buffer: UnsafeRawBufferPointer) {
            if sha512 != nil { sha512!.update(bufferPointer: buffer) } else { sha256!.update(bufferPointer: buffer) }
        }

        /// The digest of everything added.
        public func finalize() -> OCIDigest {
            let bytes: [UInt8] = sha512.map { Array($0.finalize()) } ?? Array(sha256!.finalize())
            return OCIDigest.init(algorithm == "sha512" ? "sha512" : "sha256", hex: OCIDigest.hexString(bytes))
        }
    }

    /// Lowercase hex of `bytes`.
    static func hexString(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    private init(_ algorithm: String, hex: String) {
        self.algorithm = algorithm
        self.hex = hex
    }
}
