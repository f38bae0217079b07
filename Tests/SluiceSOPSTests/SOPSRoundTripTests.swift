import Foundation
import SluiceCore
import SluiceSOPS
import Testing

/// decrypt(encrypt(x)) == x for every format, the encryption rules, key groups with Shamir, and value types.
@Suite struct SOPSRoundTripTests {
    static let yaml = """
        apiVersion: v1
        kind: Secret
        metadata:
          name: app
        stringData:
          password: hunter2
          port: 5432
          ratio: 0.25
          big: 1.0e+21
          enabled: true
          nothing: null
          empty: ""
          list:
            - one
            - 2
          token_unencrypted: visible

        """

    func roundTrip(_ bytes: [UInt8], format: SOPSFormat, rules: SOPSEncryptionRules = .init()) throws -> (encrypted: String, plain: [UInt8]) {
        let key = try SOPSFixtures.newIdentity()
        let encrypted = try SOPSEncryptor(recipients: [key.recipient], rules: rules).encrypt(bytes, format: format)
        #expect(SOPSDecryptor.isEncrypted(encrypted, format: format))
        let plain = try SOPSDecryptor(keyServices: [key.identities]).decrypt(encrypted, format: format, file: "f")
        return (String(decoding: encrypted, as: UTF8.self), plain)
    }

    @Test func yamlRoundTripKeepsTypesOrderAndNulls() throws {
        let (encrypted, plain) = try roundTrip(Array(Self.yaml.utf8), format: .yaml)
        #expect(!encrypted.contains("hunter2"))
        #expect(encrypted.contains("token_unencrypted: visible"))
        #expect(encrypted.contains("type:int]"))
        #expect(encrypted.contains("type:float]"))
        #expect(encrypted.contains("type:bool]"))
        #expect(encrypted.contains("unencrypted_suffix: _unencrypted"))
        #expect(encrypted.contains("version: 3.9.0"))
        let original = try YAMLReader().documents(Self.yaml)[0].value
        let decrypted = try YAMLReader().documents(String(decoding: plain, as: UTF8.self))[0].value
        #expect(decrypted == original)
        #expect(decrypted.objectValue?["stringData"]?.objectValue?.keys == original.objectValue?["stringData"]?.objectValue?.keys)
        #expect(decrypted.objectValue?["stringData"]?.objectValue?["port"] == .int(5432))
    }

    @Test func treeRoundTripMatchesTheSharedFixturesShape() throws {
        let key = try SOPSFixtures.newIdentity()
        let tree = try YAMLReader().documents(Self.yaml)[0].value
        let encrypted = try SOPSEncryptor(recipients: [key.recipient], rules: .init(encryptedRegex: "^(data|stringData)$")).encrypt(tree)
        let fixture = try SOPSFixtures.ageSecret().objectValue!["sops"]!.objectValue!
        let ours = encrypted.objectValue!["sops"]!.objectValue!
        #expect(ours.keys == fixture.keys)
        #expect(ours["age"]!.arrayValue![0].objectValue!.keys == ["recipient", "enc"])
        #expect(ours["lastmodified"]!.stringValue!.hasSuffix("Z"))
        #expect(encrypted.objectValue!["metadata"] == tree.objectValue!["metadata"])
        #expect(try SOPSDecryptor(keyServices: [key.identities]).decrypt(encrypted, file: "f") == tree)
    }

    @Test func jsonRoundTrip() throws {
        let json = #"{"a": {"b": [1, 2.5, "x", false, null]}, "c_unencrypted": "clear", "d": "secret"}"#
        let (encrypted, plain) = try roundTrip(Array(json.utf8), format: .json)
        #expect(!encrypted.contains("secret\""))
        #expect(encrypted.contains("\"clear\""))
        #expect(try JSONParser().parse(plain) == JSONParser().parse(json))
    }

    @Test func dotenvRoundTripKeepsCommentsAndNewlines() throws {
        let env = "# database\nDB_PASSWORD=hunter2\nMULTI=line one\\nline two\nEMPTY=\n"
        let (encrypted, plain) = try roundTrip(Array(env.utf8), format: .dotenv)
        #expect(!encrypted.contains("hunter2"))
        #expect(!encrypted.contains("database"))
        #expect(encrypted.contains("sops_version=3.9.0"))
        #expect(encrypted.contains("sops_age__list_0__map_recipient=age1"))
        #expect(String(decoding: plain, as: UTF8.self) == env)
    }

    @Test func iniRoundTrip() throws {
        let ini = "[database]\nuser = admin\npassword = hunter2\n\n[cache]\nsize = 10\n\n"
        let (encrypted, plain) = try roundTrip(Array(ini.utf8), format: .ini)
        #expect(!encrypted.contains("hunter2"))
        #expect(encrypted.contains("[sops]"))
        #expect(String(decoding: plain, as: UTF8.self) == ini)
    }

    @Test func binaryRoundTripKeepsEveryByte() throws {
        let bytes: [UInt8] = Array(0...255) + [0xff, 0xfe, 0x00, 0x0a]
        let (encrypted, plain) = try roundTrip(bytes, format: .binary)
        #expect(encrypted.contains("\"data\""))
        #expect(plain == bytes)
    }

    @Test func encryptedRegexLeavesOtherValuesClear() throws {
        let rules = SOPSEncryptionRules(encryptedRegex: "^(data|stringData)$")
        let (encrypted, plain) = try roundTrip(Array(Self.yaml.utf8), format: .yaml, rules: rules)
        #expect(encrypted.contains("name: app"))
        #expect(!encrypted.contains("hunter2"))
        #expect(encrypted.contains("encrypted_regex: ^(data|stringData)$"))
        #expect(try YAMLReader().documents(String(decoding: plain, as: UTF8.self))[0].value == YAMLReader().documents(Self.yaml)[0].value)
    }

    @Test func suffixAndUnencryptedRegexRules() throws {
        let json = #"{"user": "admin", "password_enc": "hunter2", "note": "hi"}"#
        let suffix = try roundTrip(Array(json.utf8), format: .json, rules: .init(encryptedSuffix: "_enc"))
        #expect(suffix.encrypted.contains("\"admin\"") && !suffix.encrypted.contains("hunter2"))
        let unencrypted = try roundTrip(Array(json.utf8), format: .json, rules: .init(unencryptedRegex: "^(user|note)$"))
        #expect(unencrypted.encrypted.contains("\"admin\"") && unencrypted.encrypted.contains("\"hi\"") && !unencrypted.encrypted.contains("hunter2"))
        let clearSuffix = try roundTrip(Array(json.utf8), format: .json, rules: .init(unencryptedSuffix: "_enc"))
        #expect(clearSuffix.encrypted.contains("hunter2") && !clearSuffix.encrypted.contains("\"admin\""))
        for result in [suffix, unencrypted, clearSuffix] {
            #expect(try JSONParser().parse(result.plain) == JSONParser().parse(json))
        }
    }

    @Test func macOnlyEncryptedLetsClearValuesChange() throws {
        let key = try SOPSFixtures.newIdentity()
        let json = #"{"user": "admin", "password_enc": "hunter2"}"#
        let encryptor = SOPSEncryptor(recipients: [key.recipient], rules: .init(encryptedSuffix: "_enc", macOnlyEncrypted: true))
        let encrypted = String(decoding: try encryptor.encrypt(Array(json.utf8), format: .json), as: UTF8.self)
        #expect(encrypted.contains("\"mac_only_encrypted\": true"))
        let changed = encrypted.replacingOccurrences(of: "\"admin\"", with: "\"root\"")
        let plain = try SOPSDecryptor(keyServices: [key.identities]).decrypt(Array(changed.utf8), format: .json, file: "f")
        #expect(try JSONParser().parse(plain).objectValue?["user"] == .string("root"))
    }

    @Test func severalRulesAreRefused() throws {
        let key = try SOPSFixtures.newIdentity()
        #expect(throws: SOPSError.self) {
            try SOPSEncryptor(recipients: [key.recipient], rules: .init(encryptedRegex: "a", encryptedSuffix: "b")).encrypt(.object(["a": .string("x")]))
        }
    }

    @Test func keyGroupsWithShamirTwoOfThree() throws {
        let keys = try (0..<3).map { _ in try SOPSFixtures.newIdentity() }
        let encryptor = SOPSEncryptor(keyGroups: keys.map { [$0.recipient] }, shamirThreshold: 2)
        let tree: JSONValue = .object(["secret": .string("hunter2")])
        let encrypted = try encryptor.encrypt(tree)
        let sops = encrypted.objectValue!["sops"]!.objectValue!
        #expect(sops["shamir_threshold"] == .int(2))
        #expect(sops["key_groups"]?.arrayValue?.count == 3)
        for pair in [[0, 1], [1, 2], [0, 2]] {
            let services = pair.map { keys[$0].identities as any SOPSKeyService }
            #expect(try SOPSDecryptor(keyServices: services).decrypt(encrypted, file: "f") == tree)
        }
        do {
            _ = try SOPSDecryptor(keyServices: [keys[1].identities]).decrypt(encrypted, file: "groups.yaml")
            Issue.record("one group of three decrypted a 2-of-3 document")
        } catch let error as SOPSError {
            #expect(error.description.contains("1 of the 2 key groups"))
        }
    }

    @Test func floatsAreHashedAsGoFormatsThem() throws {
        // A MAC computed over Go's spelling: 1e21 must be 1000000000000000000000, 1e-7 0.0000001.
        let key = try SOPSFixtures.newIdentity()
        let tree: JSONValue = .object(["a": .double(1e21), "b": .double(1e-7), "c": .double(-0.5), "d": .double(3)])
        let encrypted = try SOPSEncryptor(recipients: [key.recipient]).encrypt(tree)
        #expect(try SOPSDecryptor(keyServices: [key.identities]).decrypt(encrypted, file: "f") == tree)
    }
}
