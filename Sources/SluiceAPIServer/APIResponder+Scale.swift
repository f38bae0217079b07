import HTTPTypes
import Hummingbird
import SluiceCore

extension APIResponder {
    /// `…/{plural}/{name}/scale`: GET, PUT and PATCH of the parent's `autoscaling/v1` `Scale`, as `kubectl scale` uses them.
    func handleScale(_ request: Request, type: ResourceType, path: ResourcePath) async throws -> Response {
        guard let name = path.name else { throw APIError.noResource("") }
        let query = Self.query(request.uri.query)
        let namespace = type.namespaced ? path.namespace : nil
        let manager = query["fieldManager"] ?? Self.defaultManager(request)
        let options = WriteOptions(dryRun: query["dryRun"] == "All", fieldManager: manager, force: QueryFlag.isSet(query["force"]))
        var request = request
        switch request.method {
        case .get:
            let scale = try await durable(try await cluster.scale(type, namespace: namespace, name: name))
            guard TablePrinter.wantsTable(request.headers[.accept]) else { return Self.json(scale) }
            return Self.json(TablePrinter.table([scale], columns: TablePrinter.scaleColumns,
                                                resourceVersion: scale[path: ["metadata", "resourceVersion"]]?.stringValue ?? ""))
        case .put:
            guard let body = try await Self.readBody(&request, yaml: false) else {
                throw APIError.badRequest("the body of the request is empty")
            }
            return Self.json(try await durable(try await cluster.updateScale(type, namespace: namespace, name: name, body: body,
                                                                              options: options)))
        case .patch:
            let contentType = request.headers[.contentType] ?? ""
            guard let patchType = PatchType(contentType: contentType) else { throw APIError.unsupportedMediaType(contentType) }
            guard let body = try await Self.readBody(&request, yaml: patchType == .apply) else {
                throw APIError.badRequest("the body of the request is empty")
            }
            if patchType == .apply {
                guard query["fieldManager"] != nil else { throw APIError.badRequest("PATCH request with apply type requires fieldManager") }
                let kind = body["kind"]?.stringValue ?? "", apiVersion = body["apiVersion"]?.stringValue ?? ""
                guard kind == "Scale", apiVersion == "autoscaling/v1" else {
                    throw APIError.badRequest("the API version in the data (\(apiVersion)) does not match the expected API version "
                                              + "(autoscaling/v1) or the kind (\(kind)) does not match the expected kind (Scale)")
                }
            }
            return Self.json(try await durable(try await cluster.patchScale(type, namespace: namespace, name: name, patchType: patchType,
                                                                             patch: body, options: options)))
        default:
            throw APIError.methodNotAllowed()
        }
    }
}
