import Foundation
import SluiceCore
import SluiceSOPS
import SluiceTestSupport

/// The shared SOPS fixtures (`../shared/fixtures/sops`: real SOPS 3.9 output from Flux's tests) and keys made here.
enum SOPSFixtures {
    static let directory = BuiltExecutables.repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/fixtures/sops")

    static func text(_ name: String) throws -> String {
        try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
    }

    /// The age identity the shared files were encrypted for.
    static func ageIdentities() throws -> AgeIdentities {
        try AgeIdentities(text: text("age.txt"))
    }

    /// The shared age-encrypted Secret, as a tree.
    static func ageSecret() throws -> JSONValue {
        try YAMLReader().documents(text("age.yaml"))[0].value
    }

    /// A fresh identity and its recipient, made in process.
    static func newIdentity() throws -> (identities: AgeIdentities, recipient: AgeRecipient, text: String) {
        let text = AgeIdentities.generate()
        let identities = try AgeIdentities(text: text)
        return (identities, try AgeRecipient(publicKey: identities.recipients[0]), text)
    }
}
