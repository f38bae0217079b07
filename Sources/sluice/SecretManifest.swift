import Foundation
import SluiceCore
import SluiceGoTemplate

/// The Secrets `sluice create secret …` and `create source git|helm` make, key for key as Flux's `sourcesecret`
/// package makes them (`stringData`, so the YAML stays readable before it is encrypted with SOPS).
///
/// Their values are printed only by `--export`, as flux does; everything else names the keys only.
struct SecretManifest {
    /// The Secret's name, namespace and labels.
    var name: String
    var namespace: String
    var labels: [(String, String)] = []
    /// `stringData`.
    var stringData: [String: String] = [:]
    /// `type`, when not the default `Opaque` left out.
    var type: String?

    /// The Secret as an object.
    var object: JSONValue {
        var metadata: JSONObject = ["name": .string(name), "namespace": .string(namespace)]
        if !labels.isEmpty { metadata["labels"] = .object(JSONObject(labels.map { ($0.0, JSONValue.string($0.1)) })) }
        var root: JSONObject = ["apiVersion": "v1", "kind": "Secret", "metadata": .object(metadata)]
        if !stringData.isEmpty { root["stringData"] = .object(JSONObject(stringData.sorted { $0.key < $1.key }.map { ($0.key, JSONValue.string($0.value)) })) }
        if let type { root["type"] = .string(type) }
        return .object(root)
    }

    /// What `--export` prints: `sourcesecret`'s manifest, `---` then the YAML ending in a newline.
    func exportText() throws -> String {
        "---\n" + (try YAMLWriter(lineWidth: -1, dialect: .goYAMLv2).string(FluxManifest.sorted(object)))
    }

    /// Git credentials (`GenerateGit`): basic auth, a bearer token, a CA, or for SSH a key pair with the host's key.
    static func git(name: String, namespace: String, labels: [(String, String)], username: String, password: String,
                    bearerToken: String = "", caCrt: String = "", keyPair: SSHKeyPair?, knownHosts: String?) -> SecretManifest
    {
        var secret = SecretManifest(name: name, namespace: namespace, labels: labels)
        if !username.isEmpty && !password.isEmpty {
            secret.stringData["username"] = username
            secret.stringData["password"] = password
        }
        if !bearerToken.isEmpty { secret.stringData["bearerToken"] = bearerToken }
        if !caCrt.isEmpty { secret.stringData["ca.crt"] = caCrt }
        if let keyPair, let knownHosts, !knownHosts.isEmpty {
            secret.stringData["identity"] = keyPair.privateKey
            secret.stringData["identity.pub"] = keyPair.publicKey
            secret.stringData["known_hosts"] = knownHosts
            if !password.isEmpty { secret.stringData["password"] = password }
        }
        return secret
    }

    /// The key pair and host key of an SSH Git URL's Secret, as `GenerateGit` chooses: none with a username and
    /// password, the given key file, else a new key of `algorithm`.
    static func sshCredentials(host: String, username: String, password: String, privateKeyFile: String?,
                               algorithm: SSHKeyPair.Algorithm, rsaBits: Int, curve: SSHKeyPair.Curve) async throws -> (SSHKeyPair, String)?
    {
        if !username.isEmpty && !password.isEmpty { return nil }
        let keyPair: SSHKeyPair
        if let privateKeyFile, !privateKeyFile.isEmpty {
            keyPair = try SSHKeyPair.load(path: privateKeyFile)
        } else {
            do {
                keyPair = try SSHKeyPair.generate(algorithm, rsaBits: rsaBits, curve: curve)
            } catch {
                throw CLIError("key pair generation failed, error: \(error)")
            }
        }
        return (keyPair, try await SSHHostKeyScanner.scan(host))
    }

    /// Helm repository credentials (`GenerateHelm`): a TLS Secret with a client certificate, else basic auth
    /// (with the CA), else a CA alone.
    static func helm(name: String, namespace: String, labels: [(String, String)], username: String, password: String,
                     caCrt: String, tlsCrt: String, tlsKey: String) throws -> SecretManifest
    {
        if !tlsCrt.isEmpty || !tlsKey.isEmpty {
            return try tls(name: name, namespace: namespace, labels: labels, caCrt: caCrt, tlsCrt: tlsCrt, tlsKey: tlsKey)
        }
        if !username.isEmpty || !password.isEmpty {
            guard !username.isEmpty else { throw CLIError("username is required") }
            guard !password.isEmpty else { throw CLIError("password is required") }
            var secret = SecretManifest(name: name, namespace: namespace, labels: labels,
                                        stringData: ["username": username, "password": password], type: "kubernetes.io/basic-auth")
            if !caCrt.isEmpty { secret.stringData["ca.crt"] = caCrt }
            return secret
        }
        if !caCrt.isEmpty { return try tls(name: name, namespace: namespace, labels: labels, caCrt: caCrt, tlsCrt: "", tlsKey: "") }
        return SecretManifest(name: name, namespace: namespace, labels: labels)
    }

    /// TLS material (`MakeTLSSecret`): `kubernetes.io/tls` with a certificate and key, `Opaque` with a CA alone.
    static func tls(name: String, namespace: String, labels: [(String, String)], caCrt: String, tlsCrt: String, tlsKey: String) throws -> SecretManifest {
        if tlsCrt.isEmpty != tlsKey.isEmpty {
            throw CLIError(tlsCrt.isEmpty ? "TLS validation failed: certificate is missing (--tls-crt-file)" : "TLS validation failed: private key is missing (--tls-key-file)")
        }
        if tlsCrt.isEmpty && caCrt.isEmpty {
            throw CLIError("TLS validation failed: a certificate and key pair or a CA certificate is required",
                           hint: "pass --tls-crt-file and --tls-key-file, or --ca-crt-file")
        }
        if !tlsCrt.isEmpty {
            guard tlsCrt.contains("-----BEGIN CERTIFICATE-----") else { throw CLIError("invalid TLS certificate and key pair: the certificate file holds no PEM certificate") }
            guard tlsKey.contains("PRIVATE KEY-----") else { throw CLIError("invalid TLS certificate and key pair: the key file holds no PEM private key") }
        }
        var secret = SecretManifest(name: name, namespace: namespace, labels: labels, type: tlsCrt.isEmpty ? "Opaque" : "kubernetes.io/tls")
        if !tlsCrt.isEmpty {
            secret.stringData["tls.crt"] = tlsCrt
            secret.stringData["tls.key"] = tlsKey
        }
        if !caCrt.isEmpty { secret.stringData["ca.crt"] = caCrt }
        return secret
    }

    /// An image pull Secret (`MakeRegistrySecret`): `.dockerconfigjson` indented as Go's `MarshalIndent`.
    static func registry(name: String, namespace: String, labels: [(String, String)], server: String, username: String, password: String) -> SecretManifest {
        let auth = Data("\(username):\(password)".utf8).base64EncodedString()
        let quote = { (text: String) in
            var out = ""
            GoJSON.writeString(text, into: &out, escapeHTML: true)
            return out
        }
        // Go's `json.MarshalIndent(config, "", "  ")` of `{auths: {SERVER: {username, password, auth}}}`.
        let json = """
            {
              "auths": {
                \(quote(server)): {
                  "username": \(quote(username)),
                  "password": \(quote(password)),
                  "auth": \(quote(auth))
                }
              }
            }
            """
        return SecretManifest(name: name, namespace: namespace, labels: labels, stringData: [".dockerconfigjson": json], type: "kubernetes.io/dockerconfigjson")
    }

    /// Reads a certificate or key file named by a flag, bounded, with Flux's message when it cannot.
    static func readFile(_ path: String, failure: String) throws -> String {
        let limit = 1024 * 1024
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw CLIError("\(failure): open \(path): \(String(cString: strerror(errno)))")
        }
        defer { try? handle.close() }
        let data = (try? handle.read(upToCount: limit + 1)) ?? Data()
        guard data.count <= limit else { throw CLIError("\(failure): \(path) is larger than \(limit) bytes") }
        return String(decoding: data, as: UTF8.self)
    }
}
