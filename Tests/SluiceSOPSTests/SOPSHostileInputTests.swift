import Foundation
import SluiceCore
import SluiceSOPS
import SluiceTestSupport
import Testing

/// Hostile documents, values and age files: every one is refused with a SOPSError or decrypted, none traps.
@Suite struct SOPSHostileInputTests {
    func secret(_ value: String) throws -> JSONValue {
        guard case .object(var object) = try SOPSFixtures.ageSecret() else { fatalError("fixture is a mapping") }
        object["stringData"] = .object(["key": .string(value)])
        return .object(object)
    }

    @Test(arguments: [
        "ENC[AES256_GCM,data:mHeXsmQ=,iv:vUMpILz3xchORqkzDFvgwENY7EqIHHGJdEF6C8xqbFE=,tag:IroV7hykADvD0IUaq6kikA==",
        "ENC[AES256_GCM,data:mHeXsmQ=,iv:,tag:IroV7hykADvD0IUaq6kikA==,type:str]",
        "ENC[AES256_GCM,data:!!!!,iv:vUMpILz3xchORqkzDFvgwENY7EqIHHGJdEF6C8xqbFE=,tag:IroV7hykADvD0IUaq6kikA==,type:str]",
        "ENC[AES256_GCM,data:mHeXsmQ=,iv:vUMpILz3xchORqkzDFvgwENY7EqIHHGJdEF6C8xqbFE=,tag:AAAA,type:str]",
        "ENC[AES256_GCM,data:mHeXsmQ=,iv:vUMpILz3xchORqkzDFvgwENY7EqIHHGJdEF6C8xqbFE=,tag:IroV7hykADvD0IUaq6kikA==,type:]",
        "ENC[AES256_GCM,data:mHeXsmQ=,iv:vUMpILz3xchORqkzDFvgwENY7EqIHHGJdEF6C8xqbFE=,tag:IroV7hykADvD0IUaq6kikA==,type:weird]",
        "ENC[AES256_GCM,data:mHeXsmQ=,iv:AAAA,tag:IroV7hykADvD0IUaq6kikA==,type:str]",
        "plain text where a ciphertext belongs",
        "ENC[",
    ])
    func malformedValuesAreRefused(value: String) throws {
        do {
            _ = try SOPSDecryptor(keyServices: [SOPSFixtures.ageIdentities()]).decrypt(try secret(value), file: "bad.yaml")
            Issue.record("a malformed value decrypted")
        } catch let error as SOPSError {
            #expect(error.description.contains("bad.yaml"))
            #expect(error.description.contains("stringData:key:"))
        }
    }

    @Test func aHugeValueIsRefusedWithoutDecodingIt() throws {
        let huge = "ENC[AES256_GCM,data:" + String(repeating: "A", count: 65 << 20) + ",iv:AAAA,tag:AAAA,type:str]"
        #expect(throws: SOPSError.self) {
            try SOPSDecryptor(keyServices: [SOPSFixtures.ageIdentities()]).decrypt(try secret(huge), file: "huge.yaml")
        }
    }

    @Test func deepNestingIsRefused() throws {
        var deep: JSONValue = .string("x")
        for _ in 0..<5_000 { deep = .array([deep]) }
        guard case .object(var object) = try SOPSFixtures.ageSecret() else { return }
        object["stringData"] = deep
        #expect(throws: SOPSError.self) {
            try SOPSDecryptor(keyServices: [SOPSFixtures.ageIdentities()]).decrypt(.object(object), file: "deep.yaml")
        }
    }

    @Test func fuzzedDocumentsNeverTrap() throws {
        let key = try SOPSFixtures.newIdentity()
        let decryptor = SOPSDecryptor(keyServices: [key.identities, try SOPSFixtures.ageIdentities()])
        let encryptor = SOPSEncryptor(recipients: [key.recipient])
        let samples: [(SOPSFormat, [UInt8])] = [
            (.yaml, Array(try SOPSFixtures.text("age.yaml").utf8)),
            (.json, try encryptor.encrypt(Array(#"{"a": [1, true, "x"], "b": {"c": 2.5}}"#.utf8), format: .json)),
            (.dotenv, try encryptor.encrypt(Array("# c\nA=1\nB=two\n".utf8), format: .dotenv)),
            (.ini, try encryptor.encrypt(Array("[s]\na = 1\n".utf8), format: .ini)),
            (.binary, try encryptor.encrypt([0, 1, 2, 255], format: .binary)),
        ]
        var fuzzer = Fuzzer(seed: 0x5095)
        for (format, valid) in samples {
            #expect(throws: Never.self) { try decryptor.decrypt(valid, format: format, file: "valid") }
            for input in fuzzer.inputs(count: 300, valid: [valid], maxRandomCount: 512) {
                _ = SOPSDecryptor.isEncrypted(input, format: format)
                do {
                    _ = try decryptor.decrypt(input, format: format, file: "fuzz")
                } catch let error as SOPSError {
                    #expect(error.description.contains("fuzz"))
                }
            }
        }
    }

    @Test func fuzzedAgeFilesNeverTrap() throws {
        let key = try SOPSFixtures.newIdentity()
        let valid = [try key.recipient.encrypt(Array(repeating: 7, count: 32), armor: true),
                     try key.recipient.encrypt(Array(repeating: 7, count: 70_000), armor: false)]
        var fuzzer = Fuzzer(seed: 0xa9e)
        for input in fuzzer.inputs(count: 600, valid: valid, maxRandomCount: 400) {
            do {
                if let plain = try key.identities.decrypt(input) {
                    // A mutation age still authenticates can only be one that changed nothing that matters.
                    #expect(plain.allSatisfy { $0 == 7 })
                }
            } catch is SOPSError {
            }
        }
        #expect(throws: SOPSError.self) { try key.identities.decrypt(Array(repeating: 0x41, count: 2 << 20)) }
    }
}
