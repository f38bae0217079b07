import SluiceCore

extension HelmReleaseRecord {
    /// Reads Helm's `release.Release` JSON as Helm 4's `json.Unmarshal` does (unknown fields dropped; see
    /// ``GoStructReader``); ``labels`` stay empty (they live on the storage object).
    ///
    /// - Throws: ``HelmReleaseCodecError`` where Helm would fail to decode the record.
    public init(helmJSON value: JSONValue) throws(HelmReleaseCodecError) {
        self.init(name: "", info: HelmReleaseInfo(status: .unknown), version: 0, namespace: "")
        guard let reader = try GoStructReader(value, structName: "v1.Release", path: []) else { return }
        name = try reader.string("name")
        info = try HelmReleaseInfo(helmJSON: reader.value("info"))
        chart = try HelmChartJSON.canonical(reader.value("chart")) ?? .object(JSONObject())
        config = try reader.anyMap("config") ?? JSONObject()
        manifest = try reader.string("manifest")
        var hooks: [HelmReleaseHook] = []
        // A null element is a nil *Hook in Go, which no Helm action writes or uses; it is dropped.
        for element in try reader.elements("hooks", goType: "[]*v1.Hook") ?? [] where !element.isNull {
            hooks.append(try HelmReleaseHook(helmJSON: element, path: ["hooks"]))
        }
        self.hooks = hooks
        version = try reader.int("version")
        namespace = try reader.string("namespace")
        let method = try reader.string("apply_method")
        applyMethod = method.isEmpty ? nil : method
    }

    /// The record as Helm's `json.Marshal` writes it: fields in `release.Release`'s order, `omitempty` applied, the chart
    /// in its canonical form, maps sorted.
    ///
    /// - Throws: ``HelmReleaseCodecError`` for what Go cannot write: a time that is not RFC 3339, a non-finite number, a
    ///   chart that is not chart JSON.
    public func helmJSON() throws(HelmReleaseCodecError) -> JSONValue {
        var writer = GoStructWriter()
        writer.omitEmpty("name", .string(name))
        writer.always("info", try info.helmJSON())
        writer.omitEmpty("chart", try HelmChartJSON.canonical(chart))
        writer.omitEmpty("config", try GoAny.canonical(.object(config), field: "config"))
        writer.omitEmpty("manifest", .string(manifest))
        var hookValues: [JSONValue] = []
        for hook in hooks { hookValues.append(try hook.helmJSON()) }
        writer.omitEmpty("hooks", .array(hookValues))
        writer.omitEmpty("version", .int(Int64(version)))
        writer.omitEmpty("namespace", .string(namespace))
        writer.omitEmpty("apply_method", applyMethod.map { .string($0) })
        return writer.value
    }
}

extension HelmReleaseRecord: Codable {
    /// Decodes Helm's JSON through ``init(helmJSON:)``.
    public init(from decoder: any Decoder) throws {
        try self.init(helmJSON: JSONValue(from: decoder))
    }

    /// Encodes Helm's JSON (``helmJSON()``); for Go's exact bytes use ``HelmReleaseCodec``.
    public func encode(to encoder: any Encoder) throws {
        try helmJSON().encode(to: encoder)
    }
}
