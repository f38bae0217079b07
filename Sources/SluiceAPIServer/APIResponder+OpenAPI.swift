import Hummingbird
import SluiceCore
import SluiceSchema

extension APIResponder {
    /// `/openapi/v2`, `/openapi/v3` and `/openapi/v3/{api/v1 | apis/G/V}` from the built-in definitions and the stored
    /// CRDs; nil for any other path. Always JSON (a client that accepts only protobuf gets 406).
    func openAPI(_ path: String, accept: String?, registry: ResourceRegistry) async throws -> Response? {
        guard path.hasPrefix("/openapi/") else { return nil }
        let crds = await cluster.customResourceDefinitions()
        let kinds = ServedSchemas.kinds(registry)
        switch path {
        case "/openapi/v2", "/openapi/v2/":
            // client-go asks for the protobuf form only and cannot read JSON: 406 sends it to its fallbacks (kubectl
            // validates on the server, through the v3 documents' `fieldValidation`, and explains from v3).
            if let accept, accept.contains("protobuf"), !accept.contains("json"), !accept.contains("*/*") {
                throw APIError(code: 406, reason: "NotAcceptable",
                               message: "only application/json is served for /openapi/v2 (the protobuf form is not)")
            }
            return Self.json(OpenAPIDocuments.v2(ServedSchemas.catalog(crds: crds), kinds: kinds))
        case "/openapi/v3", "/openapi/v3/":
            return Self.json(Discovery.openAPIRoot(registry, crds: crds))
        default:
            break
        }
        guard path.hasPrefix("/openapi/v3/") else { throw APIError.noResource(path) }
        let parts = path.dropFirst("/openapi/v3/".count).split(separator: "/").map(String.init)
        let gv: (group: String, version: String)? = parts.count == 2 && parts[0] == "api" ? ("", parts[1])
            : parts.count == 3 && parts[0] == "apis" ? (parts[1], parts[2]) : nil
        guard let gv, !registry.types(group: gv.group, version: gv.version).isEmpty else { throw APIError.noResource(path) }
        let advertised = Discovery.openAPIDocument(registry, group: gv.group, version: gv.version)
        let catalog = ServedSchemas.catalog(crds: crds)
        guard var document = OpenAPIDocuments.v3(catalog, kinds: kinds, group: gv.group, version: gv.version) else {
            guard let advertised else { throw APIError.noResource(path) }
            return Self.json(advertised)
        }
        // The PATCH operations advertising `fieldValidation` (kubectl's test for server-side validation) are kept
        // where the schema document has no operation of its own for the path.
        if let advertised, let ours = advertised["paths"]?.objectValue {
            var paths = document["paths"]?.objectValue ?? JSONObject()
            for (key, item) in ours {
                var merged = paths[key]?.objectValue ?? JSONObject()
                if merged["patch"] == nil { merged["patch"] = item["patch"] }
                paths[key] = .object(merged)
            }
            document["paths"] = .object(paths)
        }
        return Self.json(document)
    }
}
