import Crypto
import Foundation

/// An age v1 file (age-encryption.org/v1): the header's recipient stanzas, its MAC and the STREAM payload.
///
/// Decoding is bounded (``maxFileSize``, ``maxStanzas``) and never traps on hostile input.
struct AgeFile {
    /// One recipient stanza: `-> type args…` and its body.
    struct Stanza {
        var type: String
        var arguments: [String]
        var body: [UInt8]
    }

    /// Why an age file could not be read or decrypted.
    struct Failure: Error {
        var reason: String
        init(_ reason: String) { self.reason = reason }
    }

    static let intro = "age-encryption.org/v1"
    static let armorBegin = "-----BEGIN AGE ENCRYPTED FILE-----"
    static let armorEnd = "-----END AGE ENCRYPTED FILE-----"
    /// SOPS's age files hold a 32-byte key; anything near this size is not one.
    static let maxFileSize = 1 << 20
    static let maxStanzas = 64
    static let chunkSize = 64 * 1024

    var stanzas: [Stanza]
    /// The header text up to and including `---`, which the MAC covers.
    var macInput: [UInt8]
    var mac: [UInt8]
    /// The payload: the 16-byte nonce, then the STREAM chunks.
    var payload: [UInt8]

    /// Parses a binary or armored age file.
    init(_ input: [UInt8]) throws(Failure) {
        guard input.count <= Self.maxFileSize else { throw Failure("age file larger than \(Self.maxFileSize) bytes") }
        let bytes = try Self.dearmorIfArmored(input)
        var reader = LineReader(bytes: bytes)
        guard let introLine = reader.line(), Array(introLine) == Array(Self.intro.utf8) else {
            throw Failure("not an age v1 file (no age-encryption.org/v1 header)")
        }
        var stanzas: [Stanza] = []
        while true {
            let lineStart = reader.position
            guard let line = reader.line() else { throw Failure("age header ends before its MAC") }
            if line.starts(with: Array("--- ".utf8)) {
                guard let mac = Base64.decodeUnpadded(Substring(decoding: line.dropFirst(4), as: UTF8.self)), mac.count == 32 else {
                    throw Failure("age header MAC is not 32 bytes of base64")
                }
                macInput = Array(bytes[..<(lineStart + 3)])
                self.mac = mac
                break
            }
            guard line.starts(with: Array("-> ".utf8)) else { throw Failure("age header line is neither a stanza nor the MAC") }
            guard stanzas.count < Self.maxStanzas else { throw Failure("age header has more than \(Self.maxStanzas) stanzas") }
            let fields = String(decoding: line.dropFirst(3), as: UTF8.self).split(separator: " ", omittingEmptySubsequences: false)
            guard let type = fields.first, !type.isEmpty, fields.allSatisfy({ !$0.isEmpty }) else {
                throw Failure("age stanza has an empty argument")
            }
            var body: [UInt8] = []
            while true {
                guard let bodyLine = reader.line() else { throw Failure("age stanza body is cut short") }
                guard bodyLine.count <= 64, let chunk = Base64.decodeUnpadded(Substring(decoding: bodyLine, as: UTF8.self)) else {
                    throw Failure("age stanza body is not base64 in 64-column lines")
                }
                body += chunk
                if bodyLine.count < 64 { break }
            }
            stanzas.append(Stanza(type: String(type), arguments: fields.dropFirst().map(String.init), body: body))
        }
        guard !stanzas.isEmpty else { throw Failure("age header has no recipient stanza") }
        self.stanzas = stanzas
        payload = Array(bytes[reader.position...])
    }

    /// Decodes ASCII armor when the input starts with it (after whitespace); binary files pass through.
    static func dearmorIfArmored(_ input: [UInt8]) throws(Failure) -> [UInt8] {
        // Binary files (the common case for large inputs) are told apart by their first bytes, without decoding text.
        let firstText = input.firstIndex { ![0x20, 0x09, 0x0a, 0x0d].contains($0) } ?? input.endIndex
        guard input[firstText...].starts(with: Array(armorBegin.utf8)) else { return input }
        let trimmed = String(decoding: input, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.hasSuffix(armorEnd), trimmed.count >= armorBegin.count + armorEnd.count else {
            throw Failure("armored age file has no END line")
        }
        let inner = trimmed.dropFirst(armorBegin.count).dropLast(armorEnd.count)
        let lines = inner.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? $0.dropLast() : $0
        }.filter { !$0.isEmpty }
        for (index, line) in lines.enumerated() where line.count > 64 || (index < lines.count - 1 && line.count != 64) {
            throw Failure("armored age file has badly wrapped lines")
        }
        guard let bytes = Base64.decode(Substring(lines.joined())) else { throw Failure("armored age file is not base64") }
        return bytes
    }

    /// The payload decrypted with `fileKey`, after checking the header MAC.
    func decryptPayload(fileKey: [UInt8]) throws(Failure) -> [UInt8] {
        let hmacKey = HKDF<SHA256>.deriveKey(inputKeyMaterial: SymmetricKey(data: fileKey), info: Array("header".utf8), outputByteCount: 32)
        guard HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: macInput, using: hmacKey) else {
            throw Failure("age header MAC does not match (tampered file or wrong key)")
        }
        guard payload.count >= 16 else { throw Failure("age payload has no nonce") }
        let payloadKey = HKDF<SHA256>.deriveKey(inputKeyMaterial: SymmetricKey(data: fileKey), salt: Array(payload[..<16]),
                                                info: Array("payload".utf8), outputByteCount: 32)
        let sealedChunkSize = Self.chunkSize + 16
        var plaintext: [UInt8] = []
        var offset = 16
        var counter: UInt64 = 0
        repeat {
            let remaining = payload.count - offset
            guard remaining >= 16 else { throw Failure("age payload is truncated") }
            let count = min(remaining, sealedChunkSize)
            let isLast = remaining <= sealedChunkSize
            let chunk = payload[offset..<(offset + count)]
            do {
                let box = try ChaChaPoly.SealedBox(combined: Self.nonce(counter, last: isLast) + chunk)
                let opened = try ChaChaPoly.open(box, using: payloadKey)
                // Only an empty file may have an empty (last, first) chunk.
                if opened.isEmpty && counter > 0 { throw Failure("age payload ends with an empty chunk") }
                plaintext += opened
            } catch let failure as Failure {
                throw failure
            } catch {
                throw Failure("age payload does not authenticate")
            }
            offset += count
            counter += 1
        } while offset < payload.count
        return plaintext
    }

    /// STREAM's nonce: an 11-byte big-endian counter and a last-chunk flag.
    static func nonce(_ counter: UInt64, last: Bool) -> [UInt8] {
        [0, 0, 0] + (0..<8).map { UInt8(truncatingIfNeeded: counter >> (8 * (7 - UInt64($0)))) } + [last ? 1 : 0]
    }

    /// An age file (armored when `armor`) holding `plaintext` for the stanzas made by `wrap` from a fresh file key.
    static func encrypt(_ plaintext: [UInt8], armor: Bool, wrap: ([UInt8]) throws -> [Stanza]) throws -> [UInt8] {
        let fileKey = randomBytes(16)
        var header = intro + "\n"
        for stanza in try wrap(fileKey) {
            header += "-> " + ([stanza.type] + stanza.arguments).joined(separator: " ") + "\n"
            let encoded = Array(Base64.encodeUnpadded(stanza.body).utf8)
            var index = 0
            repeat {
                let end = min(index + 64, encoded.count)
                header += String(decoding: encoded[index..<end], as: UTF8.self) + "\n"
                if end - index < 64 { break }
                index = end
                if index == encoded.count { header += "\n"; break }
            } while true
        }
        header += "---"
        let hmacKey = HKDF<SHA256>.deriveKey(inputKeyMaterial: SymmetricKey(data: fileKey), info: Array("header".utf8), outputByteCount: 32)
        let mac = HMAC<SHA256>.authenticationCode(for: Array(header.utf8), using: hmacKey)
        header += " " + Base64.encodeUnpadded(Array(mac)) + "\n"
        let payloadNonce = randomBytes(16)
        let payloadKey = HKDF<SHA256>.deriveKey(inputKeyMaterial: SymmetricKey(data: fileKey), salt: payloadNonce,
                                                info: Array("payload".utf8), outputByteCount: 32)
        var output = Array(header.utf8) + payloadNonce
        var offset = 0
        var counter: UInt64 = 0
        repeat {
            let end = min(offset + chunkSize, plaintext.count)
            let isLast = end == plaintext.count
            let box = try ChaChaPoly.seal(plaintext[offset..<end], using: payloadKey,
                                          nonce: try ChaChaPoly.Nonce(data: nonce(counter, last: isLast)))
            output += box.ciphertext + box.tag
            offset = end
            counter += 1
        } while offset < plaintext.count
        guard armor else { return output }
        let encoded = Array(Base64.encode(output).utf8)
        var text = armorBegin + "\n"
        for start in stride(from: 0, to: encoded.count, by: 64) {
            text += String(decoding: encoded[start..<min(start + 64, encoded.count)], as: UTF8.self) + "\n"
        }
        text += armorEnd + "\n"
        return Array(text.utf8)
    }

    static func randomBytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }
}

/// Reads `\n`-terminated lines of bytes.
private struct LineReader {
    let bytes: [UInt8]
    var position = 0

    /// The next line without its newline; nil when there is no complete line left.
    mutating func line() -> ArraySlice<UInt8>? {
        guard position < bytes.count, let end = bytes[position...].firstIndex(of: UInt8(ascii: "\n")) else { return nil }
        defer { position = end + 1 }
        return bytes[position..<end]
    }
}
