import Foundation
import SluiceCore
import SluiceSOPS
import Testing

/// Decrypting real SOPS output (`../shared/fixtures/sops/age.yaml`) and refusing every kind of damage to it.
@Suite struct SOPSDecryptorFixtureTests {
    let file = "secrets/age.yaml"

    @Test func decryptsTheSharedAgeSecret() throws {
        let tree = try SOPSFixtures.ageSecret()
        #expect(SOPSDecryptor.isEncrypted(tree))
        let plain = try SOPSDecryptor(keyServices: [SOPSFixtures.ageIdentities()]).decrypt(tree, file: file)
        #expect(plain.objectValue?["stringData"]?.objectValue?["key"] == .string("value"))
        #expect(plain.objectValue?["sops"] == nil)
        #expect(plain.objectValue?.keys == ["apiVersion", "kind", "metadata", "stringData"])
        #expect(!SOPSDecryptor.isEncrypted(plain))
    }

    @Test func decryptsTheSharedAgeSecretAsBytes() throws {
        let bytes = Array(try SOPSFixtures.text("age.yaml").utf8)
        #expect(SOPSDecryptor.isEncrypted(bytes, format: .yaml))
        let plain = try SOPSDecryptor(keyServices: [SOPSFixtures.ageIdentities()]).decrypt(bytes, format: .yaml, file: file)
        let tree = try YAMLReader().documents(String(decoding: plain, as: UTF8.self))[0].value
        #expect(tree.objectValue?["stringData"]?.objectValue?["key"] == .string("value"))
        #expect(!String(decoding: plain, as: UTF8.self).contains("sops"))
    }

    /// The error for `tree`, checked to name the file and to carry no plaintext or key material.
    func failure(_ tree: JSONValue, keys: [any SOPSKeyService]) throws -> String {
        do {
            _ = try SOPSDecryptor(keyServices: keys).decrypt(tree, file: file)
        } catch let error as SOPSError {
            let message = error.description
            #expect(message.contains(file))
            #expect(!message.contains("value\""))
            #expect(!message.contains("AGE-SECRET-KEY"))
            #expect(!message.contains("BEGIN AGE"))
            return message
        }
        Issue.record("decryption succeeded")
        return ""
    }

    func edited(_ edit: (inout JSONObject) -> Void) throws -> JSONValue {
        guard case .object(var object) = try SOPSFixtures.ageSecret() else { fatalError("fixture is a mapping") }
        edit(&object)
        return .object(object)
    }

    func editedMetadata(_ edit: (inout JSONObject) -> Void) throws -> JSONValue {
        try edited { object in
            var sops = object["sops"]!.objectValue!
            edit(&sops)
            object["sops"] = .object(sops)
        }
    }

    @Test func refusesATamperedValue() throws {
        let tree = try edited { object in
            // Another value's ciphertext, moved here: authenticates under neither its key nor its path.
            var stringData = object["stringData"]!.objectValue!
            let value = stringData["key"]!.stringValue!
            stringData["key"] = .string(value.replacingOccurrences(of: "data:mHeXsmQ=", with: "data:nHeXsmQ="))
            object["stringData"] = .object(stringData)
        }
        let message = try failure(tree, keys: [SOPSFixtures.ageIdentities()])
        #expect(message.contains("stringData:key:"))
    }

    @Test func refusesAValueMovedToAnotherKey() throws {
        let tree = try edited { object in
            var stringData = object["stringData"]!.objectValue!
            stringData["other"] = stringData["key"]
            stringData["key"] = nil
            object["stringData"] = .object(stringData)
        }
        let message = try failure(tree, keys: [SOPSFixtures.ageIdentities()])
        #expect(message.contains("stringData:other:"))
    }

    @Test func refusesAnAddedClearValue() throws {
        let tree = try edited { object in
            var metadata = object["metadata"]!.objectValue!
            metadata["namespace"] = .string("elsewhere")
            object["metadata"] = .object(metadata)
        }
        #expect(try failure(tree, keys: [SOPSFixtures.ageIdentities()]).contains("MAC mismatch"))
    }

    @Test func refusesATamperedMAC() throws {
        let tree = try editedMetadata { sops in
            let mac = sops["mac"]!.stringValue!
            sops["mac"] = .string(mac.replacingOccurrences(of: "data:vmrF", with: "data:vmrG"))
        }
        #expect(try failure(tree, keys: [SOPSFixtures.ageIdentities()]).contains("MAC mismatch"))
    }

    @Test func refusesATamperedLastModified() throws {
        let tree = try editedMetadata { sops in sops["lastmodified"] = .string("2024-11-12T13:33:43Z") }
        #expect(try failure(tree, keys: [SOPSFixtures.ageIdentities()]).contains("MAC mismatch"))
    }

    @Test func refusesAMissingOrEmptyMAC() throws {
        let missing = try editedMetadata { sops in sops["mac"] = nil }
        #expect(try failure(missing, keys: [SOPSFixtures.ageIdentities()]).contains("no MAC"))
        let empty = try editedMetadata { sops in sops["mac"] = .string("") }
        #expect(try failure(empty, keys: [SOPSFixtures.ageIdentities()]).contains("no MAC"))
    }

    @Test func aWrongKeyNamesTheRecipientsTried() throws {
        let other = try SOPSFixtures.newIdentity()
        let message = try failure(try SOPSFixtures.ageSecret(), keys: [other.identities])
        #expect(message.contains("no key could decrypt the data key"))
        #expect(message.contains("age1l44xcng8dqj32nlv6d930qvvrny05hglzcv9qpc7kxjc6902ma4qufys29"))
        #expect(!message.contains(other.text))
    }

    @Test func noKeyAtAll() throws {
        let message = try failure(try SOPSFixtures.ageSecret(), keys: [])
        #expect(message.contains("no key could decrypt the data key"))
        #expect(message.contains("age recipient age1l44x"))
    }

    @Test func aFailingKeyServiceIsReported() throws {
        struct Broken: SOPSKeyService {
            func dataKey(for key: SOPSMasterKey) throws -> [UInt8]? { throw SOPSError(file: "", "the agent is gone") }
        }
        let message = try failure(try SOPSFixtures.ageSecret(), keys: [Broken()])
        #expect(message.contains("the agent is gone"))
    }

    @Test func aTamperedWrappedKeyIsRefused() throws {
        let tree = try editedMetadata { sops in
            var age = sops["age"]!.arrayValue![0].objectValue!
            let enc = age["enc"]!.stringValue!
            age["enc"] = .string(enc.replacingOccurrences(of: "TXk2d2ExSVZYNDVTV0xw", with: "TXk2d2ExSVZYNDVTV0xx"))
            sops["age"] = .array([.object(age)])
        }
        let message = try failure(tree, keys: [SOPSFixtures.ageIdentities()])
        #expect(message.contains("age"))
    }
}
