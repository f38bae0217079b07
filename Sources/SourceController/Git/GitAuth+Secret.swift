import Foundation
import SluiceCore
import SluiceGit

extension GitAuth {
    /// The credentials and trust material in a GitRepository's `secretRef` Secret, by Flux's keys.
    ///
    /// - Throws: ``SecretDataError`` naming the Secret and key when a value is not valid base64 or UTF-8.
    init(secret: KubeObject) throws {
        let data = try SecretData(secret)
        self.init(
            username: data["username"], password: data["password"], bearerToken: data["bearerToken"],
            identity: data["identity"], identityPublic: data["identity.pub"], knownHosts: data["known_hosts"],
            caCertificate: data["ca.crt"] ?? data["caFile"])
    }
}
