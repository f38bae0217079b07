import Foundation
import SluiceCore
import SluiceSOPS
import SluiceTestSupport
import Testing

/// Our age against the real `age` and `age-keygen` (Debian's age 1.1.1), both ways, armored and binary.
@Suite struct AgeInteropTests {
    /// A scratch directory holding a key made by `age-keygen`.
    struct KeyDirectory {
        let root: URL
        let keyFile: URL
        let keyText: String
        let recipient: String

        static func make() async throws -> KeyDirectory {
            let root = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-age-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
            let keyFile = root.appendingPathComponent("key.txt")
            _ = try await Shell.run("age-keygen", ["-o", keyFile.path])
            let recipient = try await Shell.run("age-keygen", ["-y", keyFile.path]).trimmingCharacters(in: .whitespacesAndNewlines)
            return KeyDirectory(root: root, keyFile: keyFile, keyText: try String(contentsOf: keyFile, encoding: .utf8), recipient: recipient)
        }

        func remove() { try? FileManager.default.removeItem(at: root) }
    }

    @Test(arguments: [true, false]) func ageDecryptsWhatOurRecipientWraps(armor: Bool) async throws {
        let keys = try await KeyDirectory.make()
        defer { keys.remove() }
        let dataKey = (0..<32).map { UInt8($0 * 7 % 256) }
        let file = keys.root.appendingPathComponent("wrapped.age")
        try Data(try AgeRecipient(publicKey: keys.recipient).encrypt(dataKey, armor: armor)).write(to: file)
        let output = keys.root.appendingPathComponent("plain")
        _ = try await Shell.run("age", ["-d", "-i", keys.keyFile.path, "-o", output.path, file.path])
        #expect([UInt8](try Data(contentsOf: output)) == dataKey)
    }

    @Test func ageDecryptsAWrappedSOPSDataKey() async throws {
        let keys = try await KeyDirectory.make()
        defer { keys.remove() }
        guard case .age(let recipient, let encrypted) = try AgeRecipient(publicKey: keys.recipient).wrap(Array(repeating: 0x5a, count: 32)) else {
            Issue.record("not an age key")
            return
        }
        #expect(recipient == keys.recipient)
        #expect(encrypted.hasPrefix("-----BEGIN AGE ENCRYPTED FILE-----\n"))
        let result = try await Shell.execute("age", ["-d", "-i", keys.keyFile.path], input: Data(encrypted.utf8))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(Array(result.stdout.utf8) == Array(repeating: 0x5a, count: 32))
    }

    @Test(arguments: [true, false], [0, 1, 65_536, 200_000]) func ourIdentitiesDecryptWhatAgeEncrypts(armor: Bool, size: Int) async throws {
        let keys = try await KeyDirectory.make()
        defer { keys.remove() }
        let plain = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let input = keys.root.appendingPathComponent("plain")
        let output = keys.root.appendingPathComponent("cipher.age")
        try Data(plain).write(to: input)
        _ = try await Shell.run("age", ["-e", "-r", keys.recipient] + (armor ? ["-a"] : []) + ["-o", output.path, input.path])
        let identities = try AgeIdentities(text: keys.keyText)
        #expect(identities.recipients == [keys.recipient])
        #expect(try identities.decrypt([UInt8](try Data(contentsOf: output))) == plain)
    }

    @Test func ageKeygenIdentitiesWorkAsASOPSKeyService() async throws {
        let keys = try await KeyDirectory.make()
        defer { keys.remove() }
        let encrypted = try SOPSEncryptor(recipients: [try AgeRecipient(publicKey: keys.recipient)]).encrypt(.object(["k": .string("v")]))
        let plain = try SOPSDecryptor(keyServices: [try AgeIdentities(text: keys.keyText)]).decrypt(encrypted, file: "k.yaml")
        #expect(plain == .object(["k": .string("v")]))
    }

    @Test func aFileForSomeoneElseIsNotOurs() async throws {
        let keys = try await KeyDirectory.make()
        defer { keys.remove() }
        let other = try SOPSFixtures.newIdentity()
        let sealed = try AgeRecipient(publicKey: keys.recipient).encrypt([1, 2, 3])
        #expect(try other.identities.decrypt(sealed) == nil)
    }

    @Test func passphraseFilesAreRefusedClearly() async throws {
        let keys = try await KeyDirectory.make()
        defer { keys.remove() }
        // An scrypt stanza as age writes it (age -p needs a terminal): a well-formed header is enough to be refused.
        let header = "age-encryption.org/v1\n-> scrypt c2FsdHNhbHRzYWx0c2FsdA 18\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n--- AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n"
        do {
            _ = try SOPSFixtures.newIdentity().identities.decrypt(Array(header.utf8) + Array(repeating: 0, count: 40))
            Issue.record("an scrypt file was accepted")
        } catch let error as SOPSError {
            #expect(error.description.contains("scrypt"))
        }
    }

    @Test func sshRecipientsAreRefusedByName() throws {
        let header = "age-encryption.org/v1\n-> ssh-ed25519 AAAAAA AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n--- AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n"
        do {
            _ = try SOPSFixtures.newIdentity().identities.decrypt(Array(header.utf8) + Array(repeating: 0, count: 40))
            Issue.record("an ssh-ed25519 file was accepted")
        } catch let error as SOPSError {
            #expect(error.description.contains("ssh-ed25519"))
        }
    }

    @Test func identityFilesWithCommentsAndBadLines() throws {
        let one = AgeIdentities.generate(), two = AgeIdentities.generate()
        let identities = try AgeIdentities(text: "# first\n\n" + one + "\n  # second\n" + two)
        #expect(identities.recipients.count == 2)
        do {
            _ = try AgeIdentities(text: one + "AGE-SECRET-KEY-1NOTAKEY\n")
            Issue.record("a bad identity line was accepted")
        } catch let error as SOPSError {
            #expect(error.description.contains("line 3"))
            #expect(!error.description.contains("AGE-SECRET-KEY-1NOTAKEY"))
        }
        #expect(throws: SOPSError.self) { try AgeIdentities(text: "# nothing here\n") }
        #expect(throws: SOPSError.self) { try AgeRecipient(publicKey: "age1notarecipient") }
    }
}
