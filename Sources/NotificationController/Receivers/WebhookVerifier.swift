import Foundation
import Crypto
import SluiceCore

/// Verifies a webhook request as the sending service signs it, by Receiver type; every secret comparison is constant-time.
///
/// - `github`: `X-Hub-Signature-256` (or `X-Hub-Signature` SHA-1) HMAC of the body; `ping` answered; `X-GitHub-Event` filtered.
/// - `gitlab`: `X-Gitlab-Token` equal to the token; `X-Gitlab-Event` filtered.
/// - `bitbucket`: `X-Hub-Signature` HMAC-SHA256 (Bitbucket Server); `X-Event-Key` filtered; `diagnostics:ping` answered.
/// - `generic`: the secret path alone. `generic-hmac`: `X-Signature: sha1|sha256|sha512=<hmac>`.
/// - `harbor`: `Authorization` equal to the token. `dockerhub`, `quay`: the secret path and a JSON payload.
public enum WebhookVerifier {
    /// The verdict on `request` for a Receiver of `type` with `token` taking `events` (all when empty).
    public static func verify(_ request: WebhookRequest, type: String, token: String, events: [String]) -> WebhookVerdict {
        switch type {
        case "generic":
            return .accept(commit: nil)
        case "generic-hmac":
            guard let signature = request.headers["x-signature"] else { return .unauthorized("missing X-Signature header") }
            guard hmacMatches(signature, body: request.body, token: token, allowed: ["sha1", "sha256", "sha512"]) else {
                return .unauthorized("invalid X-Signature")
            }
            return .accept(commit: nil)
        case "github":
            guard let signature = request.headers["x-hub-signature-256"] ?? request.headers["x-hub-signature"] else {
                return .unauthorized("missing X-Hub-Signature-256 header")
            }
            guard hmacMatches(signature, body: request.body, token: token, allowed: ["sha256", "sha1"]) else {
                return .unauthorized("invalid X-Hub-Signature-256")
            }
            let event = request.headers["x-github-event"] ?? ""
            if event == "ping" { return .ignore("pong") }
            return payload(request, event: event, events: events) { $0["after"]?.stringValue }
        case "gitlab":
            guard let given = request.headers["x-gitlab-token"] else { return .unauthorized("missing X-Gitlab-Token header") }
            guard ConstantTime.equal(given, token) else { return .unauthorized("invalid X-Gitlab-Token") }
            return payload(request, event: request.headers["x-gitlab-event"] ?? "", events: events) {
                $0["checkout_sha"]?.stringValue ?? $0["after"]?.stringValue
            }
        case "bitbucket":
            guard let signature = request.headers["x-hub-signature"] else { return .unauthorized("missing X-Hub-Signature header") }
            guard hmacMatches(signature, body: request.body, token: token, allowed: ["sha256"]) else {
                return .unauthorized("invalid X-Hub-Signature")
            }
            let event = request.headers["x-event-key"] ?? ""
            if event == "diagnostics:ping" { return .ignore("pong") }
            return payload(request, event: event, events: events) { body in
                body["changes"]?.arrayValue?.first?.objectValue?["toHash"]?.stringValue
            }
        case "harbor":
            guard let given = request.headers["authorization"] else { return .unauthorized("missing Authorization header") }
            guard ConstantTime.equal(given, token) else { return .unauthorized("invalid Authorization") }
            return payload(request, event: "", events: []) { _ in nil }
        case "dockerhub", "quay":
            return payload(request, event: "", events: []) { _ in nil }
        default:
            return .badRequest("receiver type '\(type)' is not supported")
        }
    }

    /// The JSON payload checked and filtered by event type.
    private static func payload(_ request: WebhookRequest, event: String, events: [String], commit: (JSONObject) -> String?) -> WebhookVerdict {
        guard let value = try? JSONParser(maxDepth: 64).parse(request.body), case .object(let body) = value else {
            return .badRequest("the payload is not a JSON object")
        }
        if !events.isEmpty && !events.contains(where: { $0.caseInsensitiveCompare(event) == .orderedSame }) {
            return .ignore("event '\(event)' is not handled by this receiver")
        }
        return .accept(commit: commit(body))
    }

    /// Whether `signature` (`algorithm=hex`) is the HMAC of `body` with `token`, by one of the `allowed` algorithms.
    static func hmacMatches(_ signature: String, body: [UInt8], token: String, allowed: Set<String>) -> Bool {
        guard let equals = signature.firstIndex(of: "=") else { return false }
        let algorithm = signature[..<equals].lowercased()
        let given = Array(signature[signature.index(after: equals)...].lowercased().utf8)
        guard allowed.contains(algorithm) else { return false }
        let key = SymmetricKey(data: Array(token.utf8))
        let expected: String
        switch algorithm {
        case "sha1": expected = Hex.encode(HMAC<Insecure.SHA1>.authenticationCode(for: body, using: key))
        case "sha256": expected = Hex.encode(HMAC<SHA256>.authenticationCode(for: body, using: key))
        case "sha512": expected = Hex.encode(HMAC<SHA512>.authenticationCode(for: body, using: key))
        default: return false
        }
        return ConstantTime.equal(given, Array(expected.utf8))
    }
}
