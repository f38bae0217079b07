import Foundation
import Hummingbird
import SluiceCore

extension APIResponder {
    /// The shortest a requested token may live (Kubernetes: "may not specify a duration less than 10 minutes").
    static let minimumTokenSeconds: Int64 = 600
    /// The longest (Kubernetes: 2^32 seconds).
    static let maximumTokenSeconds: Int64 = 1 << 32
    /// What a TokenRequest gets without `spec.expirationSeconds`.
    static let defaultTokenSeconds: Int64 = 3600

    /// `POST /api/v1/namespaces/NS/serviceaccounts/NAME/token`: a bound token for the ServiceAccount (the
    /// TokenRequest subresource; `kubectl create token`), 201 with `status.token` and `status.expirationTimestamp`.
    func handleTokenRequest(_ request: Request, namespace: String, name: String) async throws -> Response {
        guard let tokens = authenticator.serviceAccountTokens else { throw APIError.noResource(request.uri.path) }
        var request = request
        guard let body = try await Self.readBody(&request, yaml: false), body.objectValue != nil else {
            throw APIError.badRequest("the body of the request must be a JSON object")
        }
        let apiVersion = "authentication.k8s.io/v1"
        if let kind = body["kind"]?.stringValue, kind != "TokenRequest" || (body["apiVersion"]?.stringValue ?? apiVersion) != apiVersion {
            throw APIError.badRequest("the API version in the data (\(body["apiVersion"]?.stringValue ?? "")) does not match the expected API version (\(apiVersion)) or the kind (\(kind)) does not match the expected kind (TokenRequest)")
        }
        func invalid(_ field: String, _ message: String) -> APIError {
            .invalid(kind: "TokenRequest", group: "authentication.k8s.io", name: name, causes: [.init(reason: "FieldValueInvalid", message: message, field: field)])
        }
        var audiences = [ServiceAccountTokens.issuer]
        if let given = body[path: ["spec", "audiences"]], !given.isNull {
            guard let strings = given.arrayValue?.compactMap(\.stringValue), strings.count == given.arrayValue?.count else {
                throw invalid("spec.audiences", "Invalid value: the audiences must be strings")
            }
            if !strings.isEmpty { audiences = strings }
        }
        var seconds = Self.defaultTokenSeconds
        if let given = body[path: ["spec", "expirationSeconds"]], !given.isNull {
            guard let value = given.intValue else { throw invalid("spec.expirationSeconds", "Invalid value: \(JSONSerializer().string(given)): must be an integer") }
            seconds = value
        }
        if seconds < Self.minimumTokenSeconds {
            throw invalid("spec.expirationSeconds", "Invalid value: \(seconds): may not specify a duration less than 10 minutes")
        }
        if seconds > Self.maximumTokenSeconds {
            throw invalid("spec.expirationSeconds", "Invalid value: \(seconds): may not specify a duration larger than 2^32 seconds")
        }
        guard let account = await cluster.storedObject("/serviceaccounts", namespace: namespace, name: name) else {
            throw APIError.notFound("serviceaccounts", name: name)
        }
        let accountUID = account[path: ["metadata", "uid"]]?.stringValue ?? ""
        var bound: ServiceAccountTokens.BoundObject?
        if let ref = body[path: ["spec", "boundObjectRef"]], !ref.isNull {
            let kind = ref["kind"]?.stringValue ?? ""
            let refVersion = ref["apiVersion"]?.stringValue ?? "v1"
            let refName = ref["name"]?.stringValue ?? ""
            guard refVersion == "v1", kind == "Pod" || kind == "Secret" else {
                throw APIError.badRequest("cannot bind token to object of type \(refVersion), Kind=\(kind)")
            }
            let resource = kind == "Pod" ? "pods" : "secrets"
            guard let object = await cluster.storedObject("/" + resource, namespace: namespace, name: refName) else {
                throw APIError.notFound(resource, name: refName)
            }
            if kind == "Pod", (object[path: ["spec", "serviceAccountName"]]?.stringValue ?? Self.defaultAccountName) != name {
                throw APIError.badRequest("cannot bind token for serviceaccount \"\(name)\" to pod running with different serviceaccount name.")
            }
            let uid = object[path: ["metadata", "uid"]]?.stringValue ?? ""
            if let wanted = ref["uid"]?.stringValue, !wanted.isEmpty, wanted != uid {
                throw APIError.conflict(kind, name: refName, "the UID in the bound object reference (\(wanted)) does not match the UID in record. The object might have been deleted and then recreated")
            }
            bound = .init(kind: kind, name: refName, uid: uid)
        }
        let issued = tokens.issue(namespace: namespace, name: name, uid: accountUID, audiences: audiences, expirationSeconds: seconds, bound: bound)
        var spec: JSONObject = ["audiences": .array(audiences.map { .string($0) }), "expirationSeconds": .int(seconds)]
        if let bound {
            spec["boundObjectRef"] = ["kind": .string(bound.kind), "apiVersion": "v1", "name": .string(bound.name), "uid": .string(bound.uid)]
        }
        return Self.json([
            "kind": "TokenRequest", "apiVersion": .string(apiVersion),
            "metadata": ["name": .string(name), "namespace": .string(namespace), "creationTimestamp": .string(Timestamp.now())],
            "spec": .object(spec),
            "status": ["token": .string(issued.token), "expirationTimestamp": .string(Timestamp.rfc3339(issued.expiration))],
        ], status: .created)
    }

    static let defaultAccountName = "default"

    /// `POST …/tokenreviews` (authentication.k8s.io TokenReview): whether `spec.token` authenticates, for
    /// `spec.audiences` (the API server's by default), and as whom. Nothing is stored.
    func handleTokenReview(_ request: Request, type: ResourceType, apiVersion: String) async throws -> Response {
        var request = request
        let body = try await Self.readObject(&request, type: type, apiVersion: apiVersion, requireKind: true)
        var answered = body
        answered["apiVersion"] = .string(apiVersion)
        answered[path: ["metadata", "creationTimestamp"]] = .null
        let token = body[path: ["spec", "token"]]?.stringValue ?? ""
        let requested = body[path: ["spec", "audiences"]]?.arrayValue?.compactMap(\.stringValue) ?? []
        let audiences = requested.isEmpty ? [ServiceAccountTokens.issuer] : requested
        var status: JSONObject
        do throws(ServiceAccountTokens.Rejection) {
            guard !token.isEmpty else { throw ServiceAccountTokens.Rejection("the token is empty") }
            let user: UserInfo
            if authenticator.adminToken.matches(token) {
                guard audiences.contains(ServiceAccountTokens.issuer) else {
                    throw ServiceAccountTokens.Rejection("token audiences [\(ServiceAccountTokens.issuer)] is invalid for the target audiences")
                }
                user = .admin
            } else {
                guard let tokens = authenticator.serviceAccountTokens, ServiceAccountTokens.looksLikeJWT(token) else {
                    throw ServiceAccountTokens.Rejection("invalid bearer token")
                }
                user = try await tokens.authenticate(token, audiences: requested.isEmpty ? nil : requested, cluster: cluster)
            }
            status = ["authenticated": true, "user": user.json, "audiences": .array(audiences.map { .string($0) })]
        } catch {
            status = ["authenticated": false, "user": .object(JSONObject()), "error": .string(error.message)]
        }
        answered["status"] = .object(status)
        return Self.json(answered, status: .created)
    }
}
