import Foundation
import SluiceCore
import SluiceSOPS
import Testing

/// Comments as SOPS treats them (encrypted, outside the MAC, comment rules), YAML streams, and metadata SOPS writes
/// for keys Sluice does not hold.
@Suite struct SOPSCommentAndFormatTests {
    @Test func dotenvCommentsAreEncryptedAndRestored() throws {
        let key = try SOPSFixtures.newIdentity()
        let env = "#secret note\nA=1\n"
        let encrypted = String(decoding: try SOPSEncryptor(recipients: [key.recipient]).encrypt(Array(env.utf8), format: .dotenv), as: UTF8.self)
        #expect(encrypted.hasPrefix("#ENC[AES256_GCM,"))
        #expect(encrypted.contains("type:comment]"))
        // Comments are outside the MAC: a comment SOPS cannot decrypt stays as it is.
        let edited = encrypted.replacingOccurrences(of: "A=ENC", with: "#added by hand\nA=ENC")
        let plain = try SOPSDecryptor(keyServices: [key.identities]).decrypt(Array(edited.utf8), format: .dotenv, file: "f.env")
        #expect(String(decoding: plain, as: UTF8.self) == "#secret note\n#added by hand\nA=1\n")
    }

    @Test func encryptedCommentRegexEncryptsOnlyMarkedValues() throws {
        let key = try SOPSFixtures.newIdentity()
        let env = "#sops:enc\nPASSWORD=hunter2\nUSER=admin\n"
        let rules = SOPSEncryptionRules(encryptedCommentRegex: "sops:enc")
        let encrypted = String(decoding: try SOPSEncryptor(recipients: [key.recipient], rules: rules).encrypt(Array(env.utf8), format: .dotenv), as: UTF8.self)
        #expect(encrypted.contains("#sops:enc\n"))
        #expect(encrypted.contains("USER=admin"))
        #expect(!encrypted.contains("hunter2"))
        let plain = try SOPSDecryptor(keyServices: [key.identities]).decrypt(Array(encrypted.utf8), format: .dotenv, file: "f.env")
        #expect(String(decoding: plain, as: UTF8.self) == env)
    }

    @Test func iniCommentsAndDefaultSection() throws {
        let key = try SOPSFixtures.newIdentity()
        let ini = "top = level\n\n; about the database\n[database]\n; the password\npassword = hunter2\nuser = admin\n\n"
        let encrypted = String(decoding: try SOPSEncryptor(recipients: [key.recipient]).encrypt(Array(ini.utf8), format: .ini), as: UTF8.self)
        #expect(!encrypted.contains("hunter2") && !encrypted.contains("the password"))
        let plain = try SOPSDecryptor(keyServices: [key.identities]).decrypt(Array(encrypted.utf8), format: .ini, file: "f.ini")
        #expect(String(decoding: plain, as: UTF8.self) == ini)
    }

    @Test func yamlStreamsShareOneMAC() throws {
        let key = try SOPSFixtures.newIdentity()
        let yaml = "a: one\n---\nb: two\n"
        let encrypted = String(decoding: try SOPSEncryptor(recipients: [key.recipient]).encrypt(Array(yaml.utf8), format: .yaml), as: UTF8.self)
        let plain = try SOPSDecryptor(keyServices: [key.identities]).decrypt(Array(encrypted.utf8), format: .yaml, file: "s.yaml")
        #expect(String(decoding: plain, as: UTF8.self) == yaml)
        // Swapping the documents changes the walk order, so the MAC no longer matches.
        let parts = encrypted.components(separatedBy: "---\n")
        let swapped = parts[1] + "---\n" + parts[0]
        #expect(throws: SOPSError.self) {
            try SOPSDecryptor(keyServices: [key.identities]).decrypt(Array(swapped.utf8), format: .yaml, file: "s.yaml")
        }
    }

    @Test func keysSluiceCannotUseAreNamedPublicly() throws {
        var sops = try SOPSFixtures.ageSecret().objectValue!["sops"]!.objectValue!
        sops["age"] = .array([])
        sops["kms"] = .array([.object(["arn": .string("arn:aws:kms:eu-west-1:1:key/k"), "enc": .string("c2VjcmV0"), "created_at": .string("x")])])
        sops["pgp"] = .array([.object(["fp": .string("FBC7B9E2A4F9289AC0C1D4843D16CEE4A27381B4"), "enc": .string("-----BEGIN PGP MESSAGE-----")])])
        var tree = try SOPSFixtures.ageSecret().objectValue!
        tree["sops"] = .object(sops)
        do {
            _ = try SOPSDecryptor(keyServices: [SOPSFixtures.ageIdentities()]).decrypt(.object(tree), file: "kms.yaml")
            Issue.record("decrypted without a key")
        } catch let error as SOPSError {
            #expect(error.description.contains("pgp key FBC7B9E2A4F9289AC0C1D4843D16CEE4A27381B4"))
            #expect(error.description.contains("kms key arn:aws:kms:eu-west-1:1:key/k"))
            #expect(!error.description.contains("c2VjcmV0"))
        }
    }

    @Test func aKeyServiceSeesPGPEntries() throws {
        /// Stands in for the OpenPGP service: it unwraps the data key the test put in a pgp entry.
        struct FakePGP: SOPSKeyService {
            let key: [UInt8]
            func dataKey(for key: SOPSMasterKey) throws -> [UInt8]? {
                guard case .pgp(let fingerprint, let encrypted) = key, fingerprint == "ABCD", encrypted == "wrapped" else { return nil }
                return self.key
            }
        }
        struct FakeRecipient: SOPSRecipient {
            let sink: @Sendable ([UInt8]) -> Void
            func wrap(_ dataKey: [UInt8]) throws -> SOPSMasterKey {
                sink(dataKey)
                return .pgp(fingerprint: "ABCD", encrypted: "wrapped")
            }
        }
        final class Box: @unchecked Sendable { var key: [UInt8] = [] }
        let box = Box()
        let encrypted = try SOPSEncryptor(recipients: [FakeRecipient { box.key = $0 }]).encrypt(.object(["a": .int(1)]))
        let pgp = encrypted.objectValue!["sops"]!.objectValue!["pgp"]!.arrayValue![0].objectValue!
        #expect(pgp.keys.sorted() == ["created_at", "enc", "fp"])
        #expect(try SOPSDecryptor(keyServices: [FakePGP(key: box.key)]).decrypt(encrypted, file: "f") == .object(["a": .int(1)]))
    }

    @Test func lastModifiedWithOffsetsAndFractions() throws {
        // SOPS authenticates the MAC with Go's RFC 3339 spelling of the parsed time; equal instants spelled
        // differently in the file must still verify.
        let key = try SOPSFixtures.newIdentity()
        let encrypted = try SOPSEncryptor(recipients: [key.recipient]).encrypt(.object(["a": .string("b")]))
        var tree = encrypted.objectValue!
        var sops = tree["sops"]!.objectValue!
        let stamp = sops["lastmodified"]!.stringValue!
        for spelling in [stamp.replacingOccurrences(of: "Z", with: ".123456Z"), stamp.replacingOccurrences(of: "Z", with: "+00:00")] {
            sops["lastmodified"] = .string(spelling)
            tree["sops"] = .object(sops)
            #expect(try SOPSDecryptor(keyServices: [key.identities]).decrypt(.object(tree), file: "f") == .object(["a": .string("b")]))
        }
        sops["lastmodified"] = .string("yesterday")
        tree["sops"] = .object(sops)
        #expect(throws: SOPSError.self) { try SOPSDecryptor(keyServices: [key.identities]).decrypt(.object(tree), file: "f") }
    }
}
