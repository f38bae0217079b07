import Foundation
import SluiceCore

extension KubernetesError {
    /// Maps a non-2xx response to an error, using the Kubernetes `Status` in its body when there is one.
    ///
    /// - Parameters:
    ///   - statusCode: The HTTP status code (or a watch `ERROR` Status's `code`).
    ///   - body: The response body.
    ///   - retryAfter: The `Retry-After` header, when present.
    /// - Returns: The error; the server's message is kept verbatim (`configmaps "x" already exists`).
    public static func from(statusCode: Int, body: [UInt8], retryAfter: String? = nil) -> KubernetesError {
        let status = try? JSONParser().parse(body)
        return from(statusCode: statusCode, status: status, rawBody: body, retryAfter: retryAfter)
    }

    /// Maps a parsed `Status` object (for example from a watch `ERROR` event) to an error.
    public static func from(status: JSONValue) -> KubernetesError {
        let code = status["code"]?.intValue.map(Int.init) ?? 500
        return from(statusCode: code, status: status, rawBody: [], retryAfter: nil)
    }

    private static func from(statusCode: Int, status: JSONValue?, rawBody: [UInt8], retryAfter: String?) -> KubernetesError {
        var message = status?["message"]?.stringValue ?? ""
        if message.isEmpty {
            let text = String(decoding: rawBody.prefix(512), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            message = text.isEmpty ? "HTTP \(statusCode)" : text
        }
        let reason = status?["reason"]?.stringValue
        let causes: [String] = (status?[path: ["details", "causes"]]?.arrayValue ?? []).map { cause in
            let field = cause["field"]?.stringValue ?? ""
            let text = cause["message"]?.stringValue ?? cause["reason"]?.stringValue ?? ""
            return field.isEmpty ? text : "\(field): \(text)"
        }
        var retry = retryAfter.flatMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        if retry == nil, let seconds = status?[path: ["details", "retryAfterSeconds"]]?.doubleValue { retry = seconds }
        switch statusCode {
        case 401: return .unauthorized(message)
        case 403: return .forbidden(message)
        case 404: return .notFound(message)
        case 409: return .conflict(message)
        case 410: return .gone(message)
        case 422: return .invalid(message, causes: causes)
        case 429: return .tooManyRequests(message, retryAfter: retry)
        default:
            if reason == "Expired" || reason == "Gone" { return .gone(message) }
            return .other(code: statusCode, message)
        }
    }
}
