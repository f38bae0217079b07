import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import SluiceCore
import Synchronization

/// Answers every HTTP request: authentication, discovery, and the verbs on resources.
struct APIResponder: HTTPResponder {
    typealias Context = APIRequestContext

    /// The largest request body accepted (as the real server: 3 MiB).
    static let maxBodySize = 3 * 1024 * 1024

    let cluster: Cluster
    /// Who presents a request (every request but the anonymous probes must be authenticated).
    let authenticator: Authenticator
    /// What an authenticated user may do (RBAC).
    let authorizer: Authorizer
    /// `host:port` once bound, for `/api`'s server address.
    let address: ServerAddress
    let bookmarkInterval: Duration
    /// Caps the watches open at once.
    let watchLimit: WatchLimit
    let logger: Logger
    /// The authenticated requests served, by client, for `/metrics`.
    let requests = APIRequestCounter()
    /// The OpenAPI documents built for the kinds served now.
    let openAPIDocuments = OpenAPICache()

    func respond(to request: Request, context: Context) async throws -> Response {
        do {
            return try await route(request, connection: context.channel)
        } catch let error as APIError {
            var response = Self.status(error)
            // As Kubernetes' max-in-flight filter: come back in a second.
            if error.code == 429 { response.headers[.retryAfter] = "1" }
            return response
        } catch {
            logger.error("request failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            return Self.status(.internalError("\(error)"))
        }
    }

    // MARK: - Responses

    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        var buffer = ByteBuffer()
        buffer.writeBytes(JSONSerializer().bytes(value))
        buffer.writeInteger(UInt8(ascii: "\n"))
        return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: buffer))
    }

    static func status(_ error: APIError) -> Response {
        json(error.status, status: HTTPResponse.Status(code: error.code))
    }

    static func text(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// The query, decoded as Go encodes it (`+` for spaces).
    static func query(_ raw: String?) -> [String: String] {
        var result: [String: String] = [:]
        for pair in (raw ?? "").split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String {
                let spaced = s.replacingOccurrences(of: "+", with: " ")
                return spaced.removingPercentEncoding ?? spaced
            }
            result[decode(parts[0])] = parts.count > 1 ? decode(parts[1]) : ""
        }
        return result
    }

    // MARK: - Routing

    func route(_ request: Request, connection: any Channel) async throws -> Response {
        let path = request.uri.path
        // As Kubernetes' system:public-info-viewer role: health probes and the version answer anyone.
        switch path {
        case "/healthz", "/livez", "/readyz": return Self.text("ok")
        case "/version", "/version/": return Self.json(Discovery.version())
        default: break
        }
        let authenticated = try await authenticator.authenticate(request.headers, channel: connection, cluster: cluster)
        let user = try await Impersonation.effectiveUser(request.headers, authenticated: authenticated, authorizer: authorizer)
        try await authorizer.check(RequestAttributes(user: user, method: request.method, path: path, query: Self.query(request.uri.query)))
        requests.count(userAgent: request.headers[.userAgent], method: request.method.rawValue)
        let registry = await cluster.registry
        switch path {
        case "/metrics": return Self.text(requests.exposition())
        case "/api", "/api/", "/apis", "/apis/":
            let core = path.hasPrefix("/api/") || path == "/api"
            if Discovery.wantsAggregated(request.headers[.accept]) {
                var response = Self.json(Discovery.aggregated(registry, core: core))
                response.headers[.contentType] = Discovery.aggregatedMediaType
                return response
            }
            return Self.json(core ? Discovery.coreVersions(address: address.value) : Discovery.groupList(registry))
        default: break
        }
        if let response = try await openAPI(path, accept: request.headers[.accept], registry: registry) { return response }
        let segments = path.split(separator: "/")
        if segments.count == 2, segments[0] == "apis" {
            guard let group = registry.groups.first(where: { $0.name == segments[1] }) else { throw APIError.noResource(path) }
            return Self.json(Discovery.group(group.name, versions: group.versions).merging(["kind": "APIGroup", "apiVersion": "v1"]))
        }
        guard let resourcePath = ResourcePath(path) else { throw APIError.noResource(path) }
        guard let plural = resourcePath.resource else {
            guard request.method == .get, let list = Discovery.resourceList(registry, group: resourcePath.group, version: resourcePath.version)
            else { throw APIError.noResource(path) }
            return Self.json(list)
        }
        guard let type = registry.type(group: resourcePath.group, version: resourcePath.version, plural: plural) else {
            throw APIError.noResource(path)
        }
        if type.key == "authentication.k8s.io/tokenreviews", request.method == .post, resourcePath.name == nil {
            return try await handleTokenReview(request, type: type, apiVersion: type.apiVersion(resourcePath.version))
        }
        switch resourcePath.subresource {
        case nil: break
        case "token" where type.key == "/serviceaccounts" && request.method == .post && !resourcePath.watch:
            return try await handleTokenRequest(request, namespace: resourcePath.namespace ?? "", name: resourcePath.name ?? "")
        case "status" where type.hasStatus: break
        case "scale" where type.scale != nil && resourcePath.name != nil && !resourcePath.watch:
            return try await handleScale(request, type: type, path: resourcePath)
        default: throw APIError.noResource(path)
        }
        return try await handle(request, type: type, path: resourcePath, user: user, connection: connection)
    }

    // MARK: - Verbs

    func handle(_ request: Request, type: ResourceType, path: ResourcePath, user: UserInfo, connection: any Channel) async throws -> Response {
        let query = Self.query(request.uri.query)
        let version = path.version
        let namespace = type.namespaced ? path.namespace : nil
        let apiVersion = type.apiVersion(version)
        let status = path.subresource == "status"
        let manager = query["fieldManager"] ?? Self.defaultManager(request)
        var options = WriteOptions(dryRun: query["dryRun"] == "All", fieldManager: manager, force: QueryFlag.isSet(query["force"]))
        let table = TablePrinter.wantsTable(request.headers[.accept]) && request.method == .get
        let columns = table ? TablePrinter.columns(for: type, printerColumns: type.printerColumns[version]) : []
        func out(_ object: JSONValue) -> JSONValue {
            var copy = object
            copy["apiVersion"] = .string(apiVersion)
            return copy
        }
        if let contentType = request.headers[.contentType], contentType.contains("cbor") {
            throw APIError(code: 415, reason: "UnsupportedMediaType",
                           message: "the body of the request was in an unknown format - accepted media types include: application/json, application/yaml")
        }
        if type.isReview && (request.method != .post || path.name != nil) { throw APIError.methodNotAllowed() }
        switch (request.method, path.name) {
        case (.get, nil):
            let labels = try query["labelSelector"].map { s throws(APIError) in try Self.labelSelector(s) } ?? LabelSelector()
            let fields = try query["fieldSelector"].map { s throws(APIError) in try FieldSelector(parsing: s) } ?? FieldSelector()
            if path.watch || QueryFlag.isSet(query["watch"]) {
                return try watch(type, namespace: namespace, labels: labels, fields: fields, query: query, apiVersion: apiVersion,
                                 columns: columns, connection: connection)
            }
            let page = try await cluster.list(type, namespace: namespace, labels: labels, fields: fields,
                                              limit: query["limit"].flatMap { Int($0) }, continueToken: query["continue"])
            try await cluster.waitUntilDurable(through: page.resourceVersion)
            if table {
                return Self.json(TablePrinter.table(page.items, columns: columns, resourceVersion: String(page.resourceVersion),
                                                    continueToken: page.continueToken))
            }
            var meta: JSONObject = ["resourceVersion": .string(String(page.resourceVersion))]
            if let token = page.continueToken { meta["continue"] = .string(token) }
            if let remaining = page.remaining { meta["remainingItemCount"] = .int(Int64(remaining)) }
            let items = page.items.map { item -> JSONValue in
                var copy = item
                copy["apiVersion"] = .string(apiVersion)
                return copy
            }
            return Self.json(["kind": .string("\(type.kind)List"), "apiVersion": .string(apiVersion), "metadata": .object(meta),
                              "items": .array(items)])
        case (.get, let name?):
            if path.watch {
                let fields = FieldSelector(name: name)
                return try watch(type, namespace: namespace, labels: LabelSelector(), fields: fields, query: query, apiVersion: apiVersion,
                                 columns: columns, connection: connection)
            }
            let object = try await durable(try await cluster.get(type, namespace: namespace, name: name))
            if table {
                return Self.json(TablePrinter.table([object], columns: columns,
                                                    resourceVersion: object[path: ["metadata", "resourceVersion"]]?.stringValue ?? ""))
            }
            return Self.json(out(object))
        case (.post, nil) where type.isReview:
            var request = request
            let body = try await Self.readObject(&request, type: type, apiVersion: apiVersion, requireKind: true)
            try ReviewAnswers.check(body, type: type, namespace: namespace)
            return Self.json(await ReviewAnswers.answer(body, type: type, apiVersion: apiVersion, user: user, authorizer: authorizer,
                                                        namespace: namespace),
                             status: .created)
        case (.post, nil):
            var request = request
            let body = try await Self.readObject(&request, type: type, apiVersion: apiVersion, requireKind: true)
            try Self.checkUnknownFields(body, type: type, version: version, query: query)
            try await EscalationCheck.check(body, old: nil, type: type, namespace: namespace ?? "", user: user, authorizer: authorizer)
            let created = try await durable(try await cluster.create(type, namespace: path.namespace, body: body, options: options))
            return Self.json(out(created), status: .created)
        case (.put, let name?):
            var request = request
            let body = try await Self.readObject(&request, type: type, apiVersion: apiVersion, requireKind: true)
            try Self.checkUnknownFields(body, type: type, version: version, query: query)
            if EscalationCheck.applies(to: type, user: user) {
                let old = try? await cluster.get(type, namespace: namespace, name: name)
                try await EscalationCheck.check(body, old: old, type: type, namespace: namespace ?? "", user: user, authorizer: authorizer)
            }
            let updated = try await durable(try await cluster.update(type, namespace: namespace, name: name, body: body, options: options,
                                                                     status: status))
            return Self.json(out(updated))
        case (.patch, let name?):
            let contentType = request.headers[.contentType] ?? ""
            guard let patchType = PatchType(contentType: contentType), !(patchType == .strategic && type.isCustom) else {
                throw APIError.unsupportedMediaType(contentType)
            }
            var request = request
            guard let body = try await Self.readBody(&request, yaml: patchType == .apply) else {
                throw APIError.badRequest("the body of the request is empty")
            }
            if patchType == .apply {
                guard query["fieldManager"] != nil else {
                    throw APIError.badRequest("PATCH request with apply type requires fieldManager")
                }
                try Self.checkTypeMeta(body, type: type, apiVersion: apiVersion, required: true)
                try Self.checkApplyFields(body, type: type, version: version, namespace: namespace, name: name)
            }
            options.fieldManager = manager
            if EscalationCheck.applies(to: type, user: user) {
                // The check needs the object the patch makes: a dry run first, then the patch itself.
                let old = try? await cluster.get(type, namespace: namespace, name: name)
                var dryRun = options
                dryRun.dryRun = true
                let patched = try await cluster.patch(type, namespace: namespace, name: name, patchType: patchType, patch: body,
                                                      options: dryRun, status: status)
                try await EscalationCheck.check(patched, old: old, type: type, namespace: namespace ?? "", user: user, authorizer: authorizer)
            }
            let existed = patchType == .apply ? (try? await cluster.get(type, namespace: namespace, name: name)) != nil : true
            let patched = try await durable(try await cluster.patch(type, namespace: namespace, name: name, patchType: patchType,
                                                                    patch: body, options: options, status: status))
            return Self.json(out(patched), status: existed ? .ok : .created)
        case (.delete, let name?):
            var request = request
            let body = try await Self.readBody(&request, yaml: false, optional: true)
            let deleteOptions = try DeleteOptions(body: body, query: query)
            let result = try await cluster.delete(type, namespace: namespace, name: name, options: deleteOptions)
            _ = try await durable(result.object)
            if result.gone {
                let uid: JSONValue = result.object[path: ["metadata", "uid"]] ?? .string("")
                return Self.json(["kind": "Status", "apiVersion": "v1", "metadata": .object(JSONObject()), "status": "Success",
                                  "details": ["name": .string(name), "group": .string(type.group), "kind": .string(type.plural), "uid": uid]])
            }
            return Self.json(out(result.object), status: deleteOptions.dryRun ? .ok : .ok)
        case (.delete, nil):
            guard type.verbs.contains("deletecollection") else { throw APIError.methodNotAllowed() }
            var request = request
            let body = try await Self.readBody(&request, yaml: false, optional: true)
            let labels = try query["labelSelector"].map { s throws(APIError) in try Self.labelSelector(s) } ?? LabelSelector()
            let fields = try query["fieldSelector"].map { s throws(APIError) in try FieldSelector(parsing: s) } ?? FieldSelector()
            let deleted = try await cluster.deleteCollection(type, namespace: namespace, labels: labels, fields: fields,
                                                             options: try DeleteOptions(body: body, query: query))
            let resourceVersion = await cluster.currentResourceVersion
            try await cluster.waitUntilDurable(through: resourceVersion)
            return Self.json(["kind": .string("\(type.kind)List"), "apiVersion": .string(apiVersion),
                              "metadata": ["resourceVersion": .string(String(resourceVersion))],
                              "items": .array(deleted.map(out))])
        default:
            throw APIError.methodNotAllowed()
        }
    }

    /// `object` (written or read) once everything up to its resource version is on disk, so that no client is told
    /// of a write that a crash or a failed commit could still take back; a 500 when its write was undone instead.
    func durable(_ object: JSONValue) async throws -> JSONValue {
        var resourceVersion = object[path: ["metadata", "resourceVersion"]]?.stringValue.flatMap { Int64($0) }
        if resourceVersion == nil { resourceVersion = await cluster.currentResourceVersion }
        try await cluster.waitUntilDurable(through: resourceVersion ?? 0)
        return object
    }

    /// With `fieldValidation=Strict`, a 400 naming the fields the kind's schema (a custom resource's, or the built-in
    /// definition) does not declare, worded as the real server's strict decoding error.
    static func checkUnknownFields(_ body: JSONValue, type: ResourceType, version: String, query: [String: String]) throws(APIError) {
        guard query["fieldValidation"] == "Strict" else { return }
        let unknown = unknownFields(body, type: type, version: version)
        guard !unknown.isEmpty else { return }
        throw APIError.badRequest("\(type.kind) in version \"\(version)\" cannot be handled as a \(type.kind): strict decoding error: "
                                  + unknown.map { "unknown field \"\($0)\"" }.joined(separator: ", "))
    }

    /// A server-side apply whose object has fields its kind's schema does not declare fails whatever the
    /// `fieldValidation`, as in Kubernetes, where the apply patch must convert to the typed object first: a 500 worded
    /// as structured-merge-diff's error (`failed to create typed patch object (default/app; apps/v1, Kind=Deployment):
    /// .spec.replica: field not declared in schema`), so a typo in a GitOps manifest is an error, not a silent drop.
    static func checkApplyFields(_ body: JSONValue, type: ResourceType, version: String, namespace: String?, name: String) throws(APIError) {
        let unknown = unknownFields(body, type: type, version: version)
        guard !unknown.isEmpty else { return }
        let errors = unknown.map { ".\($0): field not declared in schema" }
        let detail = errors.count == 1 ? errors[0] : (["errors:"] + errors.map { "  " + $0 }).joined(separator: "\n")
        throw APIError(code: 500, reason: "", message: "failed to create typed patch object (\(namespace ?? "")/\(name); "
                       + "\(type.group)/\(version), Kind=\(type.kind)): \(detail)")
    }

    /// The fields of `body` that the kind's schema (a custom resource's structural schema, or the built-in definition)
    /// does not declare, named as Kubernetes names them (`spec.replica`).
    static func unknownFields(_ body: JSONValue, type: ResourceType, version: String) -> [String] {
        if type.isCustom {
            guard let schema = type.schemas[version] ?? type.schemas[type.storageVersion] else { return [] }
            return StructuralSchema(schema).pruning(body).unknown
        }
        return ServedSchemas.unknownFields(body)
    }

    static func defaultManager(_ request: Request) -> String {
        let agent = request.headers[.userAgent] ?? "unknown"
        return String(agent.split(separator: "/").first ?? "unknown")
    }

    // MARK: - Bodies

    static func readBody(_ request: inout Request, yaml: Bool, optional: Bool = false) async throws -> JSONValue? {
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: maxBodySize)
        } catch {
            throw APIError.tooLarge
        }
        let bytes = buffer.readableBytesView
        if request.headers[.contentType]?.contains("protobuf") == true {
            return try ProtobufBody.decode(Array(bytes))
        }
        let firstNonSpace = bytes.first { !(" \n\r\t" as String).utf8.contains($0) }
        guard let first = firstNonSpace else {
            if optional { return nil }
            throw APIError.badRequest("the body of the request is empty")
        }
        if first == UInt8(ascii: "{") || first == UInt8(ascii: "[") || !yaml {
            do {
                return try JSONParser().parse(bytes)
            } catch {
                throw APIError.badRequest("the body of the request was in an unknown format: \(error.description)")
            }
        }
        do {
            let documents = try YAMLReader().documents(String(decoding: bytes, as: UTF8.self))
            guard documents.count == 1 else { throw APIError.badRequest("the body must hold exactly one YAML document") }
            return documents[0].value
        } catch let error as APIError {
            throw error
        } catch {
            throw APIError.badRequest("error decoding YAML: \(error)")
        }
    }

    static func checkTypeMeta(_ body: JSONValue?, type: ResourceType, apiVersion: String, required: Bool) throws(APIError) {
        let bodyKind = body?["kind"]?.stringValue ?? ""
        let bodyVersion = body?["apiVersion"]?.stringValue ?? ""
        if required && (bodyKind.isEmpty || bodyVersion.isEmpty) {
            throw .badRequest(bodyKind.isEmpty ? "Object 'Kind' is missing in '\(JSONSerializer().string(body ?? .null).prefix(200))'"
                              : "Object 'apiVersion' is missing")
        }
        if !bodyKind.isEmpty && bodyKind != type.kind || !bodyVersion.isEmpty && bodyVersion != apiVersion {
            throw .badRequest("the API version in the data (\(bodyVersion)) does not match the expected API version (\(apiVersion))"
                              + (bodyKind != type.kind ? " or the kind (\(bodyKind)) does not match the expected kind (\(type.kind))" : ""))
        }
    }

    /// A request body that must be an object of `type` at `apiVersion`, returned at the storage version.
    static func readObject(_ request: inout Request, type: ResourceType, apiVersion: String, requireKind: Bool) async throws -> JSONValue {
        guard var body = try await readBody(&request, yaml: false), body.objectValue != nil else {
            throw APIError.badRequest("the body of the request must be a JSON object")
        }
        try checkTypeMeta(body, type: type, apiVersion: apiVersion, required: false)
        body["apiVersion"] = .string(type.apiVersion(type.storageVersion))
        body["kind"] = .string(type.kind)
        return body
    }

    // MARK: - Watch

    /// The most events a watch's stream holds for a client that reads slower than the cluster changes; beyond it
    /// the watch is closed, and the client watches again from the last resource version it saw (as client-go does).
    static let watchBufferLimit = 512

    func watch(_ type: ResourceType, namespace: String?, labels: LabelSelector, fields: FieldSelector,
               query: [String: String], apiVersion: String, columns: [TablePrinter.Column] = [], connection: any Channel) throws(APIError) -> Response
    {
        guard let slot = watchLimit.claim() else { throw APIError.tooManyWatches(watchLimit.maximum) }
        let timeout = query["timeoutSeconds"].flatMap { Int64($0) }.map { Duration.seconds($0) } ?? .seconds(Int64.random(in: 1800...3600))
        let bookmarks = QueryFlag.isSet(query["allowWatchBookmarks"])
        let interval = bookmarkInterval
        let cluster = self.cluster
        let kind = type.kind
        let from = query["resourceVersion"]
        // Everything the watch holds is made here, when the body is written, and ends with it.
        let body = ResponseBody { writer in
            _ = slot
            let (stream, continuation) = AsyncStream.makeStream(of: WatchMessage.self,
                                                                bufferingPolicy: .bufferingOldest(Self.watchBufferLimit))
            let start = await cluster.watch(type, namespace: namespace, labels: labels, fields: fields, from: from,
                                            continuation: continuation)
            // A client that goes away ends its watch as soon as that is known: when the connection closes, or when
            // the next write (an event, a bookmark or a heartbeat) fails.
            connection.closeFuture.whenComplete { _ in continuation.finish() }
            let ticker = Task {
                let clock = ContinuousClock()
                let deadline = clock.now + timeout
                while !Task.isCancelled {
                    let next = min(clock.now + interval, deadline)
                    try? await Task.sleep(until: next, clock: clock)
                    if Task.isCancelled { return }
                    if clock.now >= deadline {
                        continuation.finish()
                        return
                    }
                    if bookmarks, let id = start.id {
                        await cluster.bookmark(id)
                    } else if case .dropped = continuation.yield(.heartbeat) {
                        continuation.finish()  // its client stopped reading
                        return
                    }
                }
            }
            defer { ticker.cancel() }
            let serializer = JSONSerializer()
            func line(_ type: String, _ object: JSONValue) -> ByteBuffer {
                var buffer = ByteBuffer()
                buffer.writeBytes(serializer.bytes(["type": .string(type), "object": object]))
                buffer.writeInteger(UInt8(ascii: "\n"))
                return buffer
            }
            /// Writes `message`; false when the watch ends with it.
            func send(_ message: WatchMessage) async throws -> Bool {
                switch message {
                case .event(let type, var object):
                    object["apiVersion"] = .string(apiVersion)
                    if !columns.isEmpty {
                        object = TablePrinter.table([object], columns: columns,
                                                    resourceVersion: object[path: ["metadata", "resourceVersion"]]?.stringValue ?? "")
                    }
                    try await writer.write(line(type, object))
                case .expired(let error):
                    try await writer.write(line("ERROR", error.status))
                    return false
                case .bookmark(let rv):
                    try await writer.write(line("BOOKMARK", ["kind": .string(kind), "apiVersion": .string(apiVersion),
                                                             "metadata": ["resourceVersion": .string(String(rv))]]))
                case .heartbeat:
                    try await writer.write(ByteBuffer(string: "\n"))
                }
                return true
            }
            do {
                var open = true
                do {
                    // The objects listed first may include writes still being committed.
                    try await cluster.waitUntilDurable(through: start.through)
                } catch let error as APIError {
                    open = try await send(.expired(error))
                }
                for message in start.initial where open {
                    open = try await send(message)
                }
                if open {
                    for await message in stream {
                        if try await !send(message) { break }
                    }
                }
            } catch {
                if let id = start.id { await cluster.stopWatch(id) }
                throw error
            }
            if let id = start.id { await cluster.stopWatch(id) }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [.contentType: "application/json"], body: body)
    }

    /// A `labelSelector` query parameter, or a 400 worded as the API server words it.
    static func labelSelector(_ text: String) throws(APIError) -> LabelSelector {
        do {
            return try LabelSelector(parsing: text)
        } catch {
            throw .badRequest(error.description)
        }
    }
}
