import SluiceCore
import SluiceMerge

extension BuildSession {
    /// The OpenAPI versions kustomize v5.5.0 has built in; `openapi.version` may name only these.
    static let builtInOpenAPIVersions: Set<String> = ["v1.21.2"]

    /// kustomize's `openapi.SetSchema`: picks the schema strategic merges use from a kustomization's `openapi` field.
    ///
    /// The top kustomization decides first (`atTop`), before anything is accumulated. Only when it names neither
    /// `path` nor `version` does the first base or component that names one (in the order they are read, each
    /// before its own resources) decide, for the rest of the build; later ones are read but not used.
    /// A custom schema replaces the built-in one, so kinds it does not describe have no patch metadata.
    mutating func chooseOpenAPISchema(for kustomization: Kustomization, atTop: Bool) throws(KustomizeError) {
        guard let openapi = kustomization.fields["openapi"], !openapi.isNull else { return }
        guard openapi.objectValue != nil else {
            throw KustomizeError("openapi: must be a mapping with 'path' or 'version'", file: kustomization.file)
        }
        let reference = try Kustomization.string(openapi["path"], field: "openapi.path", file: kustomization.file)
        let version = try Kustomization.string(openapi["version"], field: "openapi.version", file: kustomization.file)
        // kustomize reads the file before it asks whether a schema was already chosen: a missing file fails at any level.
        var document: (value: JSONValue, source: String)?
        if let reference { document = try openAPIDocument(reference, in: kustomization) }
        if openAPISchemaChosen && !atTop { return }
        if let document {
            if version != nil {
                throw KustomizeError("openapi: builtin version and custom schema provided, cannot use both", file: kustomization.file)
            }
            mergeSchema = try CustomOpenAPISchema.schema(from: document.value, source: document.source)
            openAPISchemaChosen = true
            return
        }
        guard let version, !version.isEmpty else { return }
        guard Self.builtInOpenAPIVersions.contains(version) else {
            throw KustomizeError("openapi: version '\(version)': the specified OpenAPI version is not built in (only \(Self.builtInOpenAPIVersions.sorted().joined(separator: ", ")))", file: kustomization.file)
        }
        mergeSchema = .builtIn
        openAPISchemaChosen = true
    }

    /// The schema document `openapi.path` names, read like any file the kustomization reads itself.
    mutating func openAPIDocument(_ reference: String, in kustomization: Kustomization) throws(KustomizeError) -> (value: JSONValue, source: String) {
        let path = try resolveFile(reference, in: kustomization, field: "openapi")
        guard try fileSystem.entry(at: path) != nil else {
            throw KustomizeError("openapi: '\(reference)' doesn't exist: no such file or directory", file: kustomization.file)
        }
        guard let document = try documents(path).first(where: { !$0.isNull }) else {
            throw KustomizeError("openapi: the schema file is empty", file: path)
        }
        return (document, path)
    }
}
