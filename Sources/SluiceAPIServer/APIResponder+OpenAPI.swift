import Hummingbird
import SluiceCore
import SluiceSchema

extension APIResponder {
    /// `/openapi/v2`, `/openapi/v3` and `/openapi/v3/{api/v1 | apis/G/V}` from the built-in definitions and the stored
    /// CRDs (``OpenAPIDocuments``, cached until a CRD changes); nil for any other path. Always JSON (a client that
    /// accepts only protobuf gets 406).
    func openAPI(_ path: String, accept: String?, registry: ResourceRegistry) async throws -> Response? {
        guard path.hasPrefix("/openapi/") else { return nil }
        let crds = await cluster.customResourceDefinitions()
        let kinds = ServedSchemas.kinds(registry)
        // What the documents depend on besides the binary: the CRDs (their resource versions change with them).
        let fingerprint = OpenAPIDocuments.hash(.array(crds.map { crd in
            .array([crd[path: ["metadata", "name"]] ?? .null, crd[path: ["metadata", "resourceVersion"]] ?? .null])
        }))
        let cache = openAPIDocuments
        func catalog() -> SchemaCatalog { ServedSchemas.catalog(crds: crds) }
        switch path {
        case "/openapi/v2", "/openapi/v2/":
            // client-go asks for the protobuf form only and cannot read JSON: 406 sends it to its fallbacks (kubectl
            // validates on the server, through the v3 documents' `fieldValidation`, and explains from v3).
            if let accept, accept.contains("protobuf"), !accept.contains("json"), !accept.contains("*/*") {
                throw APIError(code: 406, reason: "NotAcceptable",
                               message: "only application/json is served for /openapi/v2 (the protobuf form is not)")
            }
            return Self.json(cache.document("v2", fingerprint: fingerprint) { OpenAPIDocuments.v2(catalog(), kinds: kinds) } ?? .null)
        case "/openapi/v3", "/openapi/v3/":
            return Self.json(Discovery.openAPIRoot(registry, fingerprint: fingerprint))
        default:
            break
        }
        guard path.hasPrefix("/openapi/v3/") else { throw APIError.noResource(path) }
        let parts = path.dropFirst("/openapi/v3/".count).split(separator: "/").map(String.init)
        let gv: (group: String, version: String)? = parts.count == 2 && parts[0] == "api" ? ("", parts[1])
            : parts.count == 3 && parts[0] == "apis" ? (parts[1], parts[2]) : nil
        guard let gv, !registry.types(group: gv.group, version: gv.version).isEmpty else { throw APIError.noResource(path) }
        let key = OpenAPIDocuments.v3Path(group: gv.group, version: gv.version)
        let built = cache.document(key, fingerprint: fingerprint) {
            OpenAPIDocuments.v3(catalog(), kinds: kinds, group: gv.group, version: gv.version)
        }
        let advertised = Discovery.openAPIDocument(registry, group: gv.group, version: gv.version)
        guard var document = built else {
            guard let advertised else { throw APIError.noResource(path) }
            return Self.json(advertised)
        }
        // The PATCH operations advertising `fieldValidation` (kubectl's test for server-side validation) are kept
        // where the schema document has no PATCH of its own for the path.
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
