import SluiceCore

extension HelmHookExecution {
    /// Reads Helm's `release.HookExecution` JSON (`started_at`, `completed_at`, `phase`); empty or zero times are nil.
    init(helmJSON value: JSONValue?, path: [String]) throws(HelmReleaseCodecError) {
        self.init(phase: "")
        guard let reader = try GoStructReader(value, structName: "HookExecution", path: path, parent: "Hook") else { return }
        startedAt = try reader.time("started_at", emptyIsZero: true)?.zeroAsNil
        completedAt = try reader.time("completed_at", emptyIsZero: true)?.zeroAsNil
        phase = try reader.string("phase")
    }

    /// Helm's JSON: times only when set, `phase` always.
    func helmJSON() throws(HelmReleaseCodecError) -> JSONValue {
        var writer = GoStructWriter()
        try writer.time("started_at", startedAt, structName: "HookExecution")
        try writer.time("completed_at", completedAt, structName: "HookExecution")
        writer.always("phase", .string(phase))
        return writer.value
    }
}

extension GoTimestamp {
    /// The text, or nil for the zero time (which Helm 4 leaves out of its records).
    var zeroAsNil: String? { isZero ? nil : text }
}
