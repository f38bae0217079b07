import Crypto
import Foundation
import SluiceCore

/// ServiceAccount tokens: JWTs signed ES256 (ECDSA P-256, SHA-256) with the data directory's key `DIR/sa.key`,
/// made once (`0600`) and kept, so tokens stay valid across restarts.
///
/// Two shapes, as Kubernetes' `pkg/serviceaccount`: bound tokens from the TokenRequest subresource (issuer
/// ``issuer``, `aud`, `exp`/`iat`/`nbf`, `jti`, and the private claim `kubernetes.io` naming the namespace, the
/// ServiceAccount and optionally the Secret or Pod the token is bound to), and legacy tokens of
/// `kubernetes.io/service-account-token` Secrets (issuer `kubernetes/serviceaccount`, no expiry).
///
/// Validation trusts nothing in the token before its signature checks out: a bounded size, exactly three strict
/// base64url parts, a JSON header whose `alg` is `ES256` (never `none` or anything else), the signature, then the
/// claims: issuer, time (a minute of leeway, as Kubernetes), audience, and that the ServiceAccount still exists with
/// the UID in the token (a deleted and recreated account's old tokens fail), as do a bound Secret or Pod.
struct ServiceAccountTokens: Sendable {
    /// The issuer of bound tokens, and the audience the API server accepts by default (Kubernetes' default
    /// `--service-account-issuer` and `--api-audiences` in clusters made by kubeadm).
    static let issuer = "https://kubernetes.default.svc.cluster.local"
    /// The issuer of legacy Secret tokens.
    static let legacyIssuer = "kubernetes/serviceaccount"
    /// The longest token looked at; anything longer is not a token of this server.
    static let maxTokenLength = 8192
    /// How far past `exp` or before `nbf` a token is still accepted (go-jose's `DefaultLeeway`).
    static let leeway: TimeInterval = 60
    /// The key file in the data directory.
    static let keyFile = "sa.key"

    /// Where a token is bound besides its ServiceAccount.
    struct BoundObject: Sendable, Hashable {
        /// `Secret` or `Pod`.
        var kind: String
        var name: String
        var uid: String
    }

    /// Why a token was not accepted (TokenReview's `status.error`; a 401 otherwise).
    struct Rejection: Error, Sendable, Hashable {
        var message: String
        init(_ message: String) { self.message = message }
    }

    /// The private key's raw scalar (swift-crypto's keys are not `Sendable`; one is made from it where needed).
    private let keyBytes: [UInt8]
    /// The key id in every token's header: the SHA-256 of the public key's DER, base64url, as Kubernetes' `keyIDFromPublicKey`.
    let keyID: String

    /// Tokens signed with `key`.
    init(key: P256.Signing.PrivateKey) {
        keyBytes = Array(key.rawRepresentation)
        keyID = Base64URL.encode(SHA256.hash(data: key.publicKey.derRepresentation))
    }

    private var key: P256.Signing.PrivateKey {
        // The bytes came from a valid key.
        try! P256.Signing.PrivateKey(rawRepresentation: keyBytes)
    }

    /// The signing key of `directory`, made when missing; an unreadable key file is an error naming it (its tokens
    /// would all fail, so it is not silently replaced).
    static func prepare(in directory: DataDirectory) throws -> ServiceAccountTokens {
        let path = directory.file(keyFile)
        if FileManager.default.fileExists(atPath: path) {
            try directory.restrict(keyFile)
            do {
                return ServiceAccountTokens(key: try P256.Signing.PrivateKey(pemRepresentation: try String(contentsOfFile: path, encoding: .utf8)))
            } catch {
                throw APIServerError("cannot use the ServiceAccount signing key \(path): \(error); "
                    + "remove it to make a new key (every ServiceAccount token issued before must then be issued again)")
            }
        }
        let key = P256.Signing.PrivateKey()
        try directory.write(key.pemRepresentation, to: keyFile)
        return ServiceAccountTokens(key: key)
    }

    // MARK: - Issuing

    /// A bound token for the ServiceAccount `name` (uid `uid`) in `namespace`, valid `expirationSeconds` from `now`.
    func issue(namespace: String, name: String, uid: String, audiences: [String], expirationSeconds: Int64,
               bound: BoundObject? = nil, now: Date = Date()) -> (token: String, expiration: Date)
    {
        let issuedAt = Int64(now.timeIntervalSince1970)
        let expiry = issuedAt + expirationSeconds
        var kubernetes: JSONObject = [
            "namespace": .string(namespace),
            "serviceaccount": ["name": .string(name), "uid": .string(uid)],
        ]
        if let bound { kubernetes[bound.kind == "Pod" ? "pod" : "secret"] = ["name": .string(bound.name), "uid": .string(bound.uid)] }
        let claims: JSONValue = [
            "aud": .array(audiences.map { .string($0) }),
            "exp": .int(expiry),
            "iat": .int(issuedAt),
            "iss": .string(Self.issuer),
            "jti": .string(UUID().uuidString.lowercased()),
            "kubernetes.io": .object(kubernetes),
            "nbf": .int(issuedAt),
            "sub": .string(UserInfo.serviceAccountUsername(namespace: namespace, name: name)),
        ]
        return (sign(claims), Date(timeIntervalSince1970: TimeInterval(expiry)))
    }

    /// The token of a legacy `kubernetes.io/service-account-token` Secret `secretName`.
    func issueLegacy(namespace: String, name: String, uid: String, secretName: String) -> String {
        sign([
            "iss": .string(Self.legacyIssuer),
            "kubernetes.io/serviceaccount/namespace": .string(namespace),
            "kubernetes.io/serviceaccount/secret.name": .string(secretName),
            "kubernetes.io/serviceaccount/service-account.name": .string(name),
            "kubernetes.io/serviceaccount/service-account.uid": .string(uid),
            "sub": .string(UserInfo.serviceAccountUsername(namespace: namespace, name: name)),
        ])
    }

    private func sign(_ claims: JSONValue) -> String {
        let serializer = JSONSerializer()
        let header: JSONValue = ["alg": "ES256", "kid": .string(keyID)]
        let signingInput = Base64URL.encode(serializer.bytes(header)) + "." + Base64URL.encode(serializer.bytes(claims))
        // swift-crypto's ECDSA signatures are randomized; the raw r‖s form is what JWS ES256 uses.
        let signature = (try? key.signature(for: Array(signingInput.utf8)))?.rawRepresentation ?? Data()
        return signingInput + "." + Base64URL.encode(signature)
    }

    // MARK: - Validation

    /// Whether `token` looks like a JWT at all (three dot-separated parts), so that other authenticators are tried otherwise.
    static func looksLikeJWT(_ token: String) -> Bool {
        token.utf8.count <= maxTokenLength && token.split(separator: ".", omittingEmptySubsequences: false).count == 3
    }

    /// The user `token` authenticates, checked against `cluster`'s ServiceAccounts, Secrets and Pods.
    ///
    /// - Parameter audiences: The audiences the token must be for one of (a bound token); the API server's own by
    ///   default. Legacy tokens have no audience and are accepted for the API server only (`nil`).
    func authenticate(_ token: String, audiences: [String]? = nil, cluster: Cluster, now: Date = Date()) async throws(Rejection) -> UserInfo {
        let claims = try verifiedClaims(token)
        guard let issuer = claims["iss"]?.stringValue else { throw Rejection("the token has no issuer") }
        switch issuer {
        case Self.issuer: return try await authenticateBound(claims, audiences: audiences ?? [Self.issuer], cluster: cluster, now: now)
        case Self.legacyIssuer:
            guard audiences == nil || audiences == [Self.issuer] else { throw Rejection("token audiences [] is invalid for the target audiences") }
            return try await authenticateLegacy(claims, token: token, cluster: cluster)
        default: throw Rejection("the token's issuer is not this cluster's")
        }
    }

    /// The claims of `token` once its form, algorithm, key id and signature are checked.
    func verifiedClaims(_ token: String) throws(Rejection) -> JSONValue {
        guard token.utf8.count <= Self.maxTokenLength else { throw Rejection("the token is too long") }
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let headerBytes = Base64URL.decode(parts[0]), let payloadBytes = Base64URL.decode(parts[1]),
              let signatureBytes = Base64URL.decode(parts[2])
        else { throw Rejection("the token is not a JWS in compact serialization") }
        guard let header = try? JSONParser().parse(headerBytes), header.objectValue != nil else { throw Rejection("the token's header is not a JSON object") }
        guard header["alg"]?.stringValue == "ES256" else { throw Rejection("the token's algorithm is not ES256") }
        if let kid = header["kid"], kid.stringValue != keyID { throw Rejection("the token was signed with another key") }
        guard header["crit"] == nil else { throw Rejection("the token has critical header parameters") }
        guard let signature = try? P256.Signing.ECDSASignature(rawRepresentation: signatureBytes),
              key.publicKey.isValidSignature(signature, for: Array((parts[0] + "." + parts[1]).utf8))
        else { throw Rejection("the token's signature is invalid") }
        guard let claims = try? JSONParser().parse(payloadBytes), claims.objectValue != nil else { throw Rejection("the token's claims are not a JSON object") }
        return claims
    }

    private func authenticateBound(_ claims: JSONValue, audiences: [String], cluster: Cluster, now: Date) async throws(Rejection) -> UserInfo {
        guard let exp = claims["exp"]?.intValue, let nbf = claims["nbf"]?.intValue else { throw Rejection("the token has no expiry") }
        let seconds = now.timeIntervalSince1970
        if seconds > TimeInterval(exp) + Self.leeway { throw Rejection("service account token has expired") }
        if seconds + Self.leeway < TimeInterval(nbf) { throw Rejection("service account token is not valid yet") }
        if let iat = claims["iat"], let issued = iat.intValue, seconds + Self.leeway < TimeInterval(issued) {
            throw Rejection("service account token is not valid yet")
        }
        let tokenAudiences: [String]
        switch claims["aud"] {
        case .string(let one)?: tokenAudiences = [one]
        case .array(let many)?: tokenAudiences = many.compactMap(\.stringValue)
        default: tokenAudiences = []
        }
        guard tokenAudiences.contains(where: audiences.contains) else {
            throw Rejection("token audiences \(Self.list(tokenAudiences)) is invalid for the target audiences \(Self.list(audiences))")
        }
        guard let kubernetesClaims = claims["kubernetes.io"], let namespace = kubernetesClaims["namespace"]?.stringValue,
              let accountName = kubernetesClaims[path: ["serviceaccount", "name"]]?.stringValue,
              let accountUID = kubernetesClaims[path: ["serviceaccount", "uid"]]?.stringValue,
              claims["sub"]?.stringValue == UserInfo.serviceAccountUsername(namespace: namespace, name: accountName)
        else { throw Rejection("the token's claims do not name a ServiceAccount") }
        try await Self.requireAccount(namespace: namespace, name: accountName, uid: accountUID, cluster: cluster)
        var extra: [String: [String]] = [:]
        if let jti = claims["jti"]?.stringValue, !jti.isEmpty { extra[UserInfo.credentialIDKey] = ["JTI=" + jti] }
        for (kind, resource) in [("secret", "/secrets"), ("pod", "/pods")] {
            guard let ref = kubernetesClaims[kind] else { continue }
            guard let name = ref["name"]?.stringValue, let uid = ref["uid"]?.stringValue,
                  let object = await cluster.storedObject(resource, namespace: namespace, name: name),
                  object[path: ["metadata", "deletionTimestamp"]] == nil,
                  object[path: ["metadata", "uid"]]?.stringValue == uid
            else { throw Rejection("service account token has been invalidated") }
            if kind == "pod" {
                extra["authentication.kubernetes.io/pod-name"] = [name]
                extra["authentication.kubernetes.io/pod-uid"] = [uid]
            }
        }
        return .serviceAccount(namespace: namespace, name: accountName, uid: accountUID, extra: extra)
    }

    private func authenticateLegacy(_ claims: JSONValue, token: String, cluster: Cluster) async throws(Rejection) -> UserInfo {
        guard let namespace = claims["kubernetes.io/serviceaccount/namespace"]?.stringValue,
              let accountName = claims["kubernetes.io/serviceaccount/service-account.name"]?.stringValue,
              let accountUID = claims["kubernetes.io/serviceaccount/service-account.uid"]?.stringValue,
              let secretName = claims["kubernetes.io/serviceaccount/secret.name"]?.stringValue,
              claims["sub"]?.stringValue == UserInfo.serviceAccountUsername(namespace: namespace, name: accountName)
        else { throw Rejection("the token's claims do not name a ServiceAccount") }
        // As Kubernetes' legacy validator: the Secret must still exist and hold this very token.
        guard let secret = await cluster.storedObject("/secrets", namespace: namespace, name: secretName),
              secret[path: ["metadata", "deletionTimestamp"]] == nil,
              let stored = secret[path: ["data", "token"]]?.stringValue.flatMap({ Data(base64Encoded: $0) }),
              BearerToken(String(decoding: stored, as: UTF8.self)).matches(token)
        else { throw Rejection("service account token has been invalidated") }
        try await Self.requireAccount(namespace: namespace, name: accountName, uid: accountUID, cluster: cluster)
        return .serviceAccount(namespace: namespace, name: accountName, uid: accountUID)
    }

    private static func requireAccount(namespace: String, name: String, uid: String, cluster: Cluster) async throws(Rejection) {
        guard let account = await cluster.storedObject("/serviceaccounts", namespace: namespace, name: name),
              account[path: ["metadata", "deletionTimestamp"]] == nil
        else { throw Rejection("service account \(namespace)/\(name) has been deleted") }
        let current = account[path: ["metadata", "uid"]]?.stringValue ?? ""
        guard current == uid else { throw Rejection("service account UID (\(current)) does not match claim (\(uid))") }
    }

    private static func list(_ values: [String]) -> String { "[" + values.joined(separator: " ") + "]" }
}
