import SluiceCore

/// A chart as Helm 4 stores it inside a release record (`helm.sh/helm/v4/pkg/chart/v2.Chart` through `json.Marshal`):
/// `metadata`, `lock`, `templates` and `files` as `{name, data (base64), modtime}`, `values`, `schema` (base64),
/// `schemamodtime` and `modtime`. Subcharts are not part of it (Go's `dependencies` field is unexported), nor is `Raw`.
///
/// ``canonical(_:)`` reads such JSON as Go decodes it into the struct and gives back what Go would write again: unknown
/// fields dropped, fields in declaration order, `omitempty` applied, maps sorted, numbers as `float64`, base64 and times
/// normalised.
enum HelmChartJSON {
    /// The chart as Go re-encodes it, nil for a record without a chart.
    ///
    /// - Throws: ``HelmReleaseCodecError`` where Go's decoder fails (a field of the wrong type, bad base64, a bad time).
    static func canonical(_ value: JSONValue?) throws(HelmReleaseCodecError) -> JSONValue? {
        if case .object(let members)? = value, members.isEmpty { return nil }
        guard let chart = try GoStructReader(value, structName: "Chart", path: ["chart"], parent: "Release") else { return nil }
        var writer = GoStructWriter()
        writer.always("metadata", try metadata(chart.value("metadata")) ?? .null)
        writer.always("lock", try lock(chart.value("lock")) ?? .null)
        writer.always("templates", try files(chart, "templates"))
        writer.always("values", try chart.anyMap("values").map { .object($0) } ?? .null)
        writer.always("schema", try chart.bytes("schema"))
        writer.always("schemamodtime", .string(try chart.time("schemamodtime", emptyIsZero: false)?.text ?? GoTimestamp.zeroText))
        writer.always("files", try files(chart, "files"))
        try writer.time("modtime", chart.time("modtime", emptyIsZero: false)?.text, structName: "Chart")
        return writer.value
    }

    /// `[]*common.File`.
    private static func files(_ chart: GoStructReader, _ name: String) throws(HelmReleaseCodecError) -> JSONValue {
        guard let elements = try chart.elements(name, goType: "[]*common.File") else { return .null }
        var result: [JSONValue] = []
        for element in elements {
            guard let file = try GoStructReader(element, structName: "File", path: chart.path + [name], parent: "Chart") else {
                result.append(.null)
                continue
            }
            var writer = GoStructWriter()
            writer.always("name", .string(try file.string("name")))
            writer.always("data", try file.bytes("data"))
            try writer.time("modtime", file.time("modtime", emptyIsZero: false)?.text, structName: "File")
            result.append(writer.value)
        }
        return .array(result)
    }

    /// `*Metadata`.
    private static func metadata(_ value: JSONValue?) throws(HelmReleaseCodecError) -> JSONValue? {
        guard let metadata = try GoStructReader(value, structName: "Metadata", path: ["chart", "metadata"], parent: "Chart") else { return nil }
        var writer = GoStructWriter()
        func strings(_ name: String) throws(HelmReleaseCodecError) -> JSONValue {
            .array((try metadata.strings(name) ?? []).map { .string($0) })
        }
        writer.omitEmpty("name", .string(try metadata.string("name")))
        writer.omitEmpty("home", .string(try metadata.string("home")))
        writer.omitEmpty("sources", try strings("sources"))
        writer.omitEmpty("version", .string(try metadata.string("version")))
        writer.omitEmpty("description", .string(try metadata.string("description")))
        writer.omitEmpty("keywords", try strings("keywords"))
        var maintainers: [JSONValue] = []
        for element in try metadata.elements("maintainers", goType: "[]*v2.Maintainer") ?? [] {
            guard let maintainer = try GoStructReader(element, structName: "Maintainer", path: metadata.path + ["maintainers"],
                                                      parent: "Metadata")
            else {
                maintainers.append(.null)
                continue
            }
            var fields = GoStructWriter()
            fields.omitEmpty("name", .string(try maintainer.string("name")))
            fields.omitEmpty("email", .string(try maintainer.string("email")))
            fields.omitEmpty("url", .string(try maintainer.string("url")))
            maintainers.append(fields.value)
        }
        writer.omitEmpty("maintainers", .array(maintainers))
        writer.omitEmpty("icon", .string(try metadata.string("icon")))
        writer.omitEmpty("apiVersion", .string(try metadata.string("apiVersion")))
        writer.omitEmpty("condition", .string(try metadata.string("condition")))
        writer.omitEmpty("tags", .string(try metadata.string("tags")))
        writer.omitEmpty("appVersion", .string(try metadata.string("appVersion")))
        writer.omitEmpty("deprecated", .bool(try metadata.bool("deprecated")))
        writer.omitEmpty("annotations", try metadata.stringMap("annotations").map { .object($0) })
        writer.omitEmpty("kubeVersion", .string(try metadata.string("kubeVersion")))
        writer.omitEmpty("dependencies", try dependencies(metadata, parent: "Metadata"))
        writer.omitEmpty("type", .string(try metadata.string("type")))
        return writer.value
    }

    /// `[]*Dependency` of `Metadata` or `Lock`.
    private static func dependencies(_ holder: GoStructReader, parent: String) throws(HelmReleaseCodecError) -> JSONValue {
        guard let elements = try holder.elements("dependencies", goType: "[]*v2.Dependency") else { return .null }
        var result: [JSONValue] = []
        for element in elements {
            guard let dependency = try GoStructReader(element, structName: "Dependency", path: holder.path + ["dependencies"],
                                                      parent: parent)
            else {
                result.append(.null)
                continue
            }
            var writer = GoStructWriter()
            writer.always("name", .string(try dependency.string("name")))
            writer.omitEmpty("version", .string(try dependency.string("version")))
            writer.always("repository", .string(try dependency.string("repository")))
            writer.omitEmpty("condition", .string(try dependency.string("condition")))
            writer.omitEmpty("tags", .array((try dependency.strings("tags") ?? []).map { .string($0) }))
            writer.omitEmpty("enabled", .bool(try dependency.bool("enabled")))
            let imports = try dependency.elements("import-values", goType: "[]interface {}") ?? []
            writer.omitEmpty("import-values", try GoAny.canonical(.array(imports), field: "import-values"))
            writer.omitEmpty("alias", .string(try dependency.string("alias")))
            result.append(writer.value)
        }
        return .array(result)
    }

    /// `*Lock`.
    private static func lock(_ value: JSONValue?) throws(HelmReleaseCodecError) -> JSONValue? {
        guard let lock = try GoStructReader(value, structName: "Lock", path: ["chart", "lock"], parent: "Chart") else { return nil }
        var writer = GoStructWriter()
        writer.always("generated", .string(try lock.time("generated", emptyIsZero: false)?.text ?? GoTimestamp.zeroText))
        writer.always("digest", .string(try lock.string("digest")))
        writer.always("dependencies", try dependencies(lock, parent: "Lock"))
        return writer.value
    }
}
