import Crypto
import _CryptoExtras
import Foundation

/// Sprig's `encryptAES` and `decryptAES`: AES-256-CBC with the password's bytes copied into a zeroed 32-byte key, a
/// random IV in front of the ciphertext, PKCS#7 padding, and standard base64 around it all. Decryption keeps Sprig's
/// leniency (the padding is not checked) and reports Go's runtime panics for short or ragged input as errors.
enum SprigAES {
    /// Sprig's key: the first 32 bytes of the password, zero-filled.
    static func key(_ password: String) -> SymmetricKey {
        var bytes = [UInt8](repeating: 0, count: 32)
        for (index, byte) in password.utf8.prefix(32).enumerated() { bytes[index] = byte }
        return SymmetricKey(data: bytes)
    }

    static func encrypt(password: String, plaintext: String) throws(FunctionError) -> String {
        if plaintext.isEmpty { return "" }
        do {
            var generator = SystemRandomNumberGenerator()
            let ivBytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let ciphertext = try AES._CBC.encrypt(Data(plaintext.utf8), using: key(password), iv: AES._CBC.IV(ivBytes: ivBytes))
            return (Data(ivBytes) + ciphertext).base64EncodedString()
        } catch {
            throw FunctionError("\(error)")
        }
    }

    static func decrypt(password: String, base64: String) throws(FunctionError) -> String {
        if base64.isEmpty { return "" }
        let crypt: [UInt8]
        switch EncodingFunctions.base64Decode(base64) {
        case .success(let bytes): crypt = bytes
        case .failure(let offset): throw FunctionError("illegal base64 data at input byte \(offset)")
        }
        // Go slices crypt[:16] of a buffer of DecodedLen(len(s)) bytes (newlines count there), which succeeds within
        // the capacity, and then crypt[16:], which does not.
        guard crypt.count >= 16 else {
            let capacity = base64.utf8.count / 4 * 3
            if capacity >= 16 { throw FunctionError("runtime error: slice bounds out of range [16:\(crypt.count)]") }
            throw FunctionError("runtime error: slice bounds out of range [:16] with capacity \(capacity)")
        }
        let body = crypt[16...]
        guard body.count % 16 == 0 else { throw FunctionError("crypto/cipher: input not full blocks") }
        guard !body.isEmpty else { throw FunctionError("runtime error: index out of range [-1]") }
        let decrypted: [UInt8]
        do {
            let iv = try AES._CBC.IV(ivBytes: crypt[..<16])
            decrypted = Array(try AES._CBC.decrypt(Data(body), using: key(password), iv: iv, noPadding: true))
        } catch {
            throw FunctionError("\(error)")
        }
        let padding = Int(decrypted[decrypted.count - 1])
        guard padding <= decrypted.count else {
            throw FunctionError("runtime error: slice bounds out of range [:\(decrypted.count - padding)]")
        }
        return String(decoding: decrypted[..<(decrypted.count - padding)], as: UTF8.self)
    }
}
