import Foundation

/// An SSH key pair made by `ssh-keygen`, for client identities and host keys.
public struct SSHKeyPair: Sendable {
    /// The private key file.
    public let privateKeyFile: URL
    /// The private key (PEM for RSA made with `-m PEM`, else OpenSSH format).
    public let privateKey: String
    /// The public key line (`type base64 comment`).
    public let publicKey: String
    /// The key type field, such as `ssh-ed25519`.
    public var type: String { String(publicKey.split(separator: " ").first ?? "") }
    /// The base64 key field.
    public var base64: String { String(publicKey.split(separator: " ").dropFirst().first ?? "") }

    /// Generates a key of `type` (`ed25519`, `ecdsa`, `rsa`) into `directory/name` without a passphrase;
    /// `pem` writes RSA and ECDSA keys in the old PEM format instead of OpenSSH's.
    public static func generate(type: String, name: String, in directory: URL, pem: Bool = false) async throws -> SSHKeyPair {
        let file = directory.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var arguments = ["-q", "-t", type, "-N", "", "-C", "sluice-test", "-f", file.path]
        if type == "rsa" { arguments += ["-b", "2048"] }
        if pem { arguments += ["-m", "PEM"] }
        try await Shell.run("/usr/bin/ssh-keygen", arguments)
        return SSHKeyPair(privateKeyFile: file, privateKey: try String(contentsOf: file, encoding: .utf8),
                          publicKey: try String(contentsOf: file.appendingPathExtension("pub"), encoding: .utf8)
                              .trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
