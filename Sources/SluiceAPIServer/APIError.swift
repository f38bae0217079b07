import SluiceCore

/// A failed request, rendered as a Kubernetes `Status` object.
///
/// The shapes and messages follow the real API server so that `kubectl`
/// prints the same text (`Error from server (NotFound): configmaps "x" not found`).
public struct APIError: Error, Sendable, Equatable {
    /// One field-level reason an object is invalid.
    public struct Cause: Sendable, Equatable {
        /// A machine-readable reason such as `FieldValueRequired`.
        public var reason: String
        /// A message for people.
        public var message: String
        /// The field, as `spec.url`.
        public var field: String

        /// A cause.
        public init(reason: String, message: String, field: String) {
            self.reason = reason
            self.message = message
            self.field = field
        }
    }

    /// The HTTP status code.
    public var code: Int
    /// The `reason` field, such as `NotFound`.
    public var reason: String
    /// The message.
    public var message: String
    /// `details.name`.
    public var name: String?
    /// `details.group`.
    public var group: String?
    /// `details.kind` (the resource for most errors, as kube does).
    public var kind: String?
    /// `details.causes`.
    public var causes: [Cause] = []

    /// An error.
    public init(code: Int, reason: String, message: String, name: String? = nil, group: String? = nil,
                kind: String? = nil, causes: [Cause] = [])
    {
        self.code = code
        self.reason = reason
        self.message = message
        self.name = name
        self.group = group
        self.kind = kind
        self.causes = causes
    }

    /// The `Status` object.
    public var status: JSONValue {
        var details = JSONObject()
        if let name { details["name"] = .string(name) }
        if let group, !group.isEmpty { details["group"] = .string(group) }
        if let kind { details["kind"] = .string(kind) }
        if !causes.isEmpty {
            details["causes"] = .array(causes.map {
                ["reason": .string($0.reason), "message": .string($0.message), "field": .string($0.field)]
            })
        }
        var status: JSONObject = [
            "kind": "Status", "apiVersion": "v1", "metadata": .object(JSONObject()), "status": "Failure",
            "message": .string(message), "reason": .string(reason),
        ]
        if !details.isEmpty { status["details"] = .object(details) }
        status["code"] = .int(Int64(code))
        return .object(status)
    }

    static func qualified(_ resource: String, _ group: String) -> String {
        group.isEmpty ? resource : "\(resource).\(group)"
    }

    /// 404 for an object.
    static func notFound(_ resource: String, group: String = "", name: String) -> APIError {
        APIError(code: 404, reason: "NotFound", message: "\(qualified(resource, group)) \"\(name)\" not found",
                 name: name, group: group, kind: resource)
    }

    /// 404 for a path the server does not serve.
    static func noResource(_ path: String) -> APIError {
        APIError(code: 404, reason: "NotFound", message: "the server could not find the requested resource")
    }

    /// 409 for a create of an existing object.
    static func alreadyExists(_ resource: String, group: String = "", name: String) -> APIError {
        APIError(code: 409, reason: "AlreadyExists", message: "\(qualified(resource, group)) \"\(name)\" already exists",
                 name: name, group: group, kind: resource)
    }

    /// 409 for a stale resource version or a failed precondition.
    static func conflict(_ resource: String, group: String = "", name: String, _ detail: String) -> APIError {
        APIError(code: 409, reason: "Conflict",
                 message: "Operation cannot be fulfilled on \(qualified(resource, group)) \"\(name)\": \(detail)",
                 name: name, group: group, kind: resource)
    }

    /// 422 for an invalid object; `kind` is the object's kind.
    static func invalid(kind: String, group: String = "", name: String, causes: [Cause]) -> APIError {
        let fields = causes.map { "\($0.field): \($0.message)" }
        let summary = fields.count == 1 ? fields[0] : "[\(fields.joined(separator: ", "))]"
        return APIError(code: 422, reason: "Invalid", message: "\(qualified(kind, group)) \"\(name)\" is invalid: \(summary)",
                        name: name, group: group, kind: kind, causes: causes)
    }

    /// 400.
    static func badRequest(_ message: String) -> APIError {
        APIError(code: 400, reason: "BadRequest", message: message)
    }

    /// 401.
    static let unauthorized = APIError(code: 401, reason: "Unauthorized", message: "Unauthorized")

    /// 403.
    static func forbidden(_ resource: String, group: String = "", name: String, _ detail: String) -> APIError {
        APIError(code: 403, reason: "Forbidden", message: "\(qualified(resource, group)) \"\(name)\" is forbidden: \(detail)",
                 name: name, group: group, kind: resource)
    }

    /// 405.
    static func methodNotAllowed() -> APIError {
        APIError(code: 405, reason: "MethodNotAllowed", message: "the server does not allow this method on the requested resource")
    }

    /// 410 for a watch from a compacted resource version.
    static func gone(_ resourceVersion: String) -> APIError {
        APIError(code: 410, reason: "Expired", message: "too old resource version: \(resourceVersion)")
    }

    /// 413.
    static let tooLarge = APIError(code: 413, reason: "RequestEntityTooLarge", message: "Request entity too large: limit is 3145728")

    /// 415.
    static func unsupportedMediaType(_ type: String) -> APIError {
        APIError(code: 415, reason: "UnsupportedMediaType", message: "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml")
    }

    /// 429 when `maximum` watches are open already (sent with `Retry-After`).
    static func tooManyWatches(_ maximum: Int) -> APIError {
        APIError(code: 429, reason: "TooManyRequests",
                 message: "too many requests: \(maximum) watches are open, the most this server allows (--max-watches); please try again later")
    }

    /// 500.
    static func internalError(_ message: String) -> APIError {
        APIError(code: 500, reason: "InternalError", message: "Internal error occurred: \(message)")
    }
}
