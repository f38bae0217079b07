import Crypto
import Foundation

/// SOPS's value format: `ENC[AES256_GCM,data:…,iv:…,tag:…,type:…]`, AES-256-GCM with a 32-byte IV and the value's
/// path (`key:sub:`) as additional data.
struct SOPSValueCipher {
    /// The data key.
    let key: SymmetricKey

    /// The longest `ENC[…]` text accepted (a value, not a file: bounds the base64 decoding).
    static let maxEncodedCount = 64 << 20

    init(dataKey: [UInt8]) {
        key = SymmetricKey(data: dataKey)
    }

    /// Why a value could not be decrypted; never carries the value.
    enum Failure: Error {
        case malformed(String)
        case authentication
        case badType(String)
    }

    /// Whether `text` has the shape of an encrypted value.
    static func looksEncrypted(_ text: String) -> Bool {
        text.hasPrefix("ENC[AES256_GCM,")
    }

    /// The parts of an `ENC[…]` value.
    struct Parsed {
        var data: [UInt8], iv: [UInt8], tag: [UInt8], type: String
    }

    /// Parses `text` as SOPS's regular expression does: `^ENC\[AES256_GCM,data:(.+),iv:(.+),tag:(.+),type:(.+)\]`.
    static func parse(_ text: String) throws(Failure) -> Parsed {
        guard text.utf8.count <= maxEncodedCount else { throw .malformed("encrypted value too long") }
        guard text.hasPrefix("ENC[AES256_GCM,data:"), let close = text.lastIndex(of: "]") else {
            throw .malformed("value does not have SOPS's ENC[AES256_GCM,…] format")
        }
        let body = text[text.index(text.startIndex, offsetBy: "ENC[AES256_GCM,data:".count)..<close]
        guard let ivRange = body.range(of: ",iv:"),
              let tagRange = body[ivRange.upperBound...].range(of: ",tag:"),
              let typeRange = body[tagRange.upperBound...].range(of: ",type:") else {
            throw .malformed("value does not have SOPS's ENC[AES256_GCM,…] format")
        }
        guard let data = Base64.decode(body[..<ivRange.lowerBound]) else { throw .malformed("data is not base64") }
        guard let iv = Base64.decode(body[ivRange.upperBound..<tagRange.lowerBound]), !iv.isEmpty else {
            throw .malformed("iv is not base64")
        }
        guard let tag = Base64.decode(body[tagRange.upperBound..<typeRange.lowerBound]), tag.count == 16 else {
            throw .malformed("tag is not a 16-byte base64 value")
        }
        let type = String(body[typeRange.upperBound...])
        guard !type.isEmpty else { throw .malformed("type is empty") }
        return Parsed(data: data, iv: iv, tag: tag, type: type)
    }

    /// The plaintext of `text` (an `ENC[…]` value; the empty string stays empty) authenticated with `additionalData`.
    func decrypt(_ text: String, additionalData: String) throws(Failure) -> SOPSValue {
        if text.isEmpty { return .string("") }
        let parsed = try Self.parse(text)
        let plaintext: [UInt8]
        do {
            let nonce = try AES.GCM.Nonce(data: parsed.iv)
            let box = try AES.GCM.SealedBox(nonce: nonce, ciphertext: parsed.data, tag: parsed.tag)
            plaintext = [UInt8](try AES.GCM.open(box, using: key, authenticating: Array(additionalData.utf8)))
        } catch {
            throw .authentication
        }
        let text = String(decoding: plaintext, as: UTF8.self)
        switch parsed.type {
        case "str": return String(validating: plaintext, as: UTF8.self).map(SOPSValue.string) ?? .text(plaintext)
        case "bytes": return .bytes(plaintext)
        case "comment": return .comment(text)
        case "int":
            guard let value = Int64(text) else { throw .badType("int") }
            return .int(value)
        case "float":
            guard let value = Double(text) else { throw .badType("float") }
            return .double(value)
        case "bool":
            // Go's strconv.ParseBool.
            switch text {
            case "1", "t", "T", "TRUE", "true", "True": return .bool(true)
            case "0", "f", "F", "FALSE", "false", "False": return .bool(false)
            default: throw .badType("bool")
            }
        case "time":
            // Go's time.MarshalText (RFC 3339); the document keeps it as text.
            return .string(text)
        default:
            throw .badType(parsed.type)
        }
    }

    /// `value` encrypted with `additionalData` and a fresh 32-byte IV; the empty string stays empty.
    func encrypt(_ value: SOPSValue, additionalData: String) throws -> String {
        if value.isEmpty { return "" }
        let nonce = try AES.GCM.Nonce(data: (0..<32).map { _ in UInt8.random(in: .min ... .max) })
        let box = try AES.GCM.seal(value.bytes, using: key, nonce: nonce, authenticating: Array(additionalData.utf8))
        return "ENC[AES256_GCM,data:\(Base64.encode([UInt8](box.ciphertext))),iv:\(Base64.encode(Array(nonce))),"
            + "tag:\(Base64.encode([UInt8](box.tag))),type:\(value.typeName)]"
    }
}
