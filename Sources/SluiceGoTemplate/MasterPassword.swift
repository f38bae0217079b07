import Crypto
import _CryptoExtras
import Foundation

/// Sprig's `derivePassword`: the Master Password algorithm (version 3): scrypt (N 32768, r 8, p 2, 64 bytes) of the
/// master password salted with `com.lyndir.masterpassword` and the user's name, an HMAC-SHA256 seed for the site and
/// counter, and a password drawn from the seed through one of the type's templates.
enum MasterPassword {
    private static let scope = Array("com.lyndir.masterpassword".utf8)

    private static let templates: [String: [String]] = [
        "maximum": ["anoxxxxxxxxxxxxxxxxx", "axxxxxxxxxxxxxxxxxno"],
        "long": ["CvcvnoCvcvCvcv", "CvcvCvcvnoCvcv", "CvcvCvcvCvcvno", "CvccnoCvcvCvcv", "CvccCvcvnoCvcv", "CvccCvcvCvcvno",
                 "CvcvnoCvccCvcv", "CvcvCvccnoCvcv", "CvcvCvccCvcvno", "CvcvnoCvcvCvcc", "CvcvCvcvnoCvcc", "CvcvCvcvCvccno",
                 "CvccnoCvccCvcv", "CvccCvccnoCvcv", "CvccCvccCvcvno", "CvcvnoCvccCvcc", "CvcvCvccnoCvcc", "CvcvCvccCvccno",
                 "CvccnoCvcvCvcc", "CvccCvcvnoCvcc", "CvccCvcvCvccno"],
        "medium": ["CvcnoCvc", "CvcCvcno"],
        "short": ["Cvcn"],
        "basic": ["aaanaaan", "aannaaan", "aaannaaa"],
        "pin": ["nnnn"],
    ]

    private static let characters: [Character: [UInt8]] = [
        "V": Array("AEIOU".utf8),
        "C": Array("BCDFGHJKLMNPQRSTVWXYZ".utf8),
        "v": Array("aeiou".utf8),
        "c": Array("bcdfghjklmnpqrstvwxyz".utf8),
        "A": Array("AEIOUBCDFGHJKLMNPQRSTVWXYZ".utf8),
        "a": Array("AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz".utf8),
        "n": Array("0123456789".utf8),
        "o": Array("@&%?,=[]_:-+*$#!'^~;()/.".utf8),
        "x": Array("AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz0123456789!@#$%^&*()".utf8),
    ]

    /// The site password, or Sprig's text when the type is unknown or scrypt fails (Sprig returns these as the result).
    static func derive(counter: UInt32, type: String, password: String, user: String, site: String) -> String {
        guard let choices = templates[type] else { return "cannot find password template \(type)" }
        let salt = scope + bigEndian(UInt32(truncatingIfNeeded: user.utf8.count)) + Array(user.utf8)
        let key: SymmetricKey
        do {
            key = try KDF.Scrypt.deriveKey(from: Array(password.utf8), salt: salt, outputByteCount: 64, rounds: 32768, blockSize: 8, parallelism: 2)
        } catch {
            return "failed to derive password: \(error)"
        }
        let message = scope + bigEndian(UInt32(truncatingIfNeeded: site.utf8.count)) + Array(site.utf8) + bigEndian(counter)
        let seed = Array(HMAC<SHA256>.authenticationCode(for: message, using: key))
        let template = choices[Int(seed[0]) % choices.count]
        var out: [UInt8] = []
        for (index, kind) in template.enumerated() {
            let pool = characters[kind]!
            out.append(pool[Int(seed[index + 1]) % pool.count])
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func bigEndian(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> (24 - 8 * $0)) } }
}
