import SluiceCore

extension HelmReleaseHook {
    /// Reads Helm's `release.Hook` JSON.
    init(helmJSON value: JSONValue, path: [String]) throws(HelmReleaseCodecError) {
        self.init(name: "", kind: "", path: "", manifest: "", events: [])
        guard let reader = try GoStructReader(value, structName: "Hook", path: path, parent: "Release") else { return }
        name = try reader.string("name")
        kind = try reader.string("kind")
        self.path = try reader.string("path")
        manifest = try reader.string("manifest")
        events = try reader.strings("events", goType: "v1.HookEvent") ?? []
        lastRun = try HelmHookExecution(helmJSON: reader.value("last_run"), path: path + ["last_run"])
        weight = try reader.int("weight")
        deletePolicies = try reader.strings("delete_policies", goType: "v1.HookDeletePolicy") ?? []
        outputLogPolicies = try reader.strings("output_log_policies", goType: "v1.HookOutputLogPolicy") ?? []
    }

    /// Helm's JSON, fields in `release.Hook`'s order.
    func helmJSON() throws(HelmReleaseCodecError) -> JSONValue {
        var writer = GoStructWriter()
        writer.omitEmpty("name", .string(name))
        writer.omitEmpty("kind", .string(kind))
        writer.omitEmpty("path", .string(path))
        writer.omitEmpty("manifest", .string(manifest))
        writer.omitEmpty("events", .array(events.map { .string($0) }))
        writer.always("last_run", try lastRun.helmJSON())
        writer.omitEmpty("weight", .int(Int64(weight)))
        writer.omitEmpty("delete_policies", .array(deletePolicies.map { .string($0) }))
        writer.omitEmpty("output_log_policies", .array(outputLogPolicies.map { .string($0) }))
        return writer.value
    }
}
