import Crypto
import Foundation
import SwiftASN1
import X509

/// Credentials for more users of a `sluice cluster serve` data directory (`sluice cluster credentials`): a
/// kubeconfig with a client certificate signed by the directory's CA, which the server authenticates as the user
/// (the certificate's CN) in the groups (its O entries). What the user may do is up to RBAC.
public enum ClusterCredentials {
    /// How long a client certificate is valid unless asked otherwise (a year).
    public static let defaultValidity: TimeInterval = 365 * 24 * 3600

    /// A kubeconfig for `user` in `groups` against the server of the data directory `directory` (its CA in
    /// `ca.crt`/`ca.key`, its URL from the kubeconfig the server wrote), the certificate valid for `validity` seconds.
    ///
    /// - Throws: ``APIServerError`` naming what is missing or wrong (no CA yet: start the server once; an empty user
    ///   name; a ServiceAccount's name). The group `system:masters` is allowed: like the admin token it bypasses RBAC,
    ///   and whoever can read the data directory's CA key is the cluster's admin already.
    public static func kubeconfig(dataDirectory directory: String, user: String, groups: [String],
                                  validity: TimeInterval = defaultValidity) throws -> String
    {
        guard !user.isEmpty, !user.contains(where: \.isNewline) else { throw APIServerError("the user name must not be empty") }
        if user.hasPrefix(UserInfo.serviceAccountPrefix) {
            throw APIServerError("\(user) is a ServiceAccount's name; use `kubectl create token` for ServiceAccount credentials")
        }
        guard validity > 0 else { throw APIServerError("the validity must be positive") }
        func file(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }
        let ca: Certificate
        let caKey: P256.Signing.PrivateKey
        let server: String
        do {
            ca = try Certificate(pemEncoded: try String(contentsOfFile: file("ca.crt"), encoding: .utf8))
            caKey = try P256.Signing.PrivateKey(pemRepresentation: try String(contentsOfFile: file("ca.key"), encoding: .utf8))
            let written = try String(contentsOfFile: file("kubeconfig"), encoding: .utf8)
            guard let line = written.split(separator: "\n").map({ $0.trimmingCharacters(in: .whitespaces) }).first(where: { $0.hasPrefix("server: ") })
            else { throw APIServerError("no server in \(file("kubeconfig"))") }
            server = String(line.dropFirst("server: ".count))
        } catch {
            throw APIServerError("cannot read the cluster's CA and kubeconfig in \(directory) (start `sluice cluster serve --data \(directory)` once first): \(error)")
        }
        let issued = try ClientCertificates.issue(user: user, groups: groups, ca: ca, caKey: caKey, validity: validity)
        func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }
        return Kubeconfig.yaml(server: server, caPEM: try ca.serializeAsPEM().pemString, user: user,
                               credentials: [("client-certificate-data", base64(issued.certificatePEM)),
                                             ("client-key-data", base64(issued.keyPEM))])
    }
}
