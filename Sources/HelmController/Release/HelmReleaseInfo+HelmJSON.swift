import SluiceCore

extension HelmReleaseInfo {
    /// Reads Helm's `release.Info` JSON as Helm 4's `Info.UnmarshalJSON` does: through a `map[string]any` first (so every
    /// number in it must fit a `float64`, and an integral one in any spelling fills `rollback_revision`), empty time
    /// strings read as unset; `resources` (never stored by Helm) is dropped.
    init(helmJSON value: JSONValue?) throws(HelmReleaseCodecError) {
        self.init(status: .unknown)
        guard let value else { return }
        _ = try GoAny.canonical(value, field: "info")
        guard let reader = try GoStructReader(value, structName: "Info", path: ["info"], parent: "Release") else { return }
        firstDeployed = try reader.time("first_deployed", emptyIsZero: true)?.zeroAsNil
        lastDeployed = try reader.time("last_deployed", emptyIsZero: true)?.zeroAsNil
        deleted = try reader.time("deleted", emptyIsZero: true)?.zeroAsNil
        description = try reader.string("description")
        let statusText = try reader.string("status")
        guard let status = statusText.isEmpty ? .unknown : HelmReleaseStatusValue(rawValue: statusText) else {
            throw HelmReleaseCodecError(.invalidRecord, "info.status \(GoQuote.quote(statusText)) is not a Helm release status")
        }
        self.status = status
        rollbackRevision = try reader.int("rollback_revision", viaFloat64: true)
        notes = try reader.string("notes")
    }

    /// Helm's JSON, fields in `infoJSON`'s order, unset times left out.
    func helmJSON() throws(HelmReleaseCodecError) -> JSONValue {
        var writer = GoStructWriter()
        try writer.time("first_deployed", firstDeployed, structName: "Info")
        try writer.time("last_deployed", lastDeployed, structName: "Info")
        try writer.time("deleted", deleted, structName: "Info")
        writer.omitEmpty("description", .string(description))
        writer.omitEmpty("status", .string(status.rawValue))
        writer.omitEmpty("rollback_revision", .int(Int64(rollbackRevision)))
        writer.omitEmpty("notes", .string(notes))
        return writer.value
    }
}
