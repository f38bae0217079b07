import Foundation

/// A GnuPG home made by the real `gpg` for tests: one key pair generated with `--quick-gen-key` (Ed25519 for signing,
/// Curve25519 for encryption), its exports, and messages encrypted to it by `gpg --encrypt`.
///
/// Every command names the home with `--homedir` (the process environment is left alone). ``remove()`` stops the
/// home's gpg-agent and deletes it; call it at the end of each test.
public struct GnuPGHome: Sendable {
    /// The home directory (0700).
    public let directory: URL
    /// The fingerprint of the generated primary key (40 hex digits).
    public let fingerprint: String
    /// The passphrase protecting the secret key, or nil when it has none.
    public let passphrase: String?

    /// Makes a home under a short temporary path and generates a key for `userID`, protected by `passphrase` if given.
    public static func generate(userID: String = "Sluice Test <test@sluice.invalid>", passphrase: String? = nil) async throws -> GnuPGHome {
        // Short: gpg-agent's socket lives in the home when /run/user is absent, and socket paths are limited.
        let directory = URL(fileURLWithPath: "/tmp/sluice-gnupg-test-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        do {
            try await Shell.run("gpg", ["--homedir", directory.path, "--batch", "--quiet", "--pinentry-mode", "loopback",
                                        "--passphrase", passphrase ?? "", "--quick-gen-key", userID, "future-default", "default", "never"])
            let listing = try await Shell.run("gpg", ["--homedir", directory.path, "--batch", "--with-colons", "--list-secret-keys"])
            guard let line = listing.split(separator: "\n").first(where: { $0.hasPrefix("fpr:") }) else {
                throw ShellError(description: "gpg listed no fingerprint for the generated key: \(listing)")
            }
            let fields = line.split(separator: ":", omittingEmptySubsequences: false)
            guard fields.count > 9 else { throw ShellError(description: "unexpected gpg colon listing: \(line)") }
            return GnuPGHome(directory: directory, fingerprint: String(fields[9]), passphrase: passphrase)
        } catch {
            await GnuPGHome(directory: directory, fingerprint: "", passphrase: nil).remove()
            throw error
        }
    }

    /// Generates a home, runs `body` with it and removes it afterwards, whether `body` throws or not.
    public static func withGenerated<T>(userID: String = "Sluice Test <test@sluice.invalid>", passphrase: String? = nil,
                                        _ body: (GnuPGHome) async throws -> T) async throws -> T {
        let home = try await generate(userID: userID, passphrase: passphrase)
        do {
            let result = try await body(home)
            await home.remove()
            return result
        } catch {
            await home.remove()
            throw error
        }
    }

    /// The secret key (with its public key) as `gpg --export-secret-keys` writes it, armored or binary.
    public func exportSecretKey(armored: Bool = true) async throws -> [UInt8] {
        try await gpgOutput(["--pinentry-mode", "loopback", "--passphrase", passphrase ?? ""] + (armored ? ["--armor"] : [])
                            + ["--export-secret-keys", fingerprint])
    }

    /// The public key as `gpg --export` writes it, armored or binary.
    public func exportPublicKey(armored: Bool = true) async throws -> [UInt8] {
        try await gpgOutput((armored ? ["--armor"] : []) + ["--export", fingerprint])
    }

    /// `plaintext` encrypted by `gpg --encrypt` to this home's key, armored or binary.
    public func encrypt(_ plaintext: [UInt8], armored: Bool = true) async throws -> [UInt8] {
        try await gpgOutput((armored ? ["--armor"] : []) + ["--trust-model", "always", "--encrypt", "--recipient", fingerprint],
                            input: plaintext)
    }

    /// `message` decrypted by `gpg --decrypt` with this home's key.
    public func decrypt(_ message: [UInt8]) async throws -> [UInt8] {
        try await gpgOutput(["--pinentry-mode", "loopback", "--passphrase", passphrase ?? "", "--decrypt"], input: message)
    }

    /// Stops the home's GnuPG daemons and deletes it.
    public func remove() async {
        _ = try? await Shell.execute("gpgconf", ["--homedir", directory.path, "--kill", "all"])
        try? FileManager.default.removeItem(at: directory)
    }

    /// Runs gpg in batch mode on this home with its output in a file (binary output survives), returning the bytes.
    private func gpgOutput(_ arguments: [String], input: [UInt8] = []) async throws -> [UInt8] {
        let output = directory.appendingPathComponent("output-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: output) }
        try await Shell.run("gpg", ["--homedir", directory.path, "--batch", "--quiet", "--yes", "--output", output.path] + arguments,
                            input: Data(input))
        return Array(try Data(contentsOf: output))
    }
}
