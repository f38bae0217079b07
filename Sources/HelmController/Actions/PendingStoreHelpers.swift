// TEMPORARY: stand-ins for the `store` helper's `ReleaseStorage` extension and `HelmReleaseRecord.chartJSON` (see
// /work/notes/CONTRACT.md), so that the actions build before that branch lands. Delete this file when merging it.
import SluiceCore
import SluiceHelm

extension ReleaseStorage {
    /// The highest revision of `name`.
    func last(name: String) async throws -> HelmReleaseRecord? {
        try await history(name: name).max { $0.version < $1.version }
    }

    /// The latest `deployed` revision of `name`.
    func deployed(name: String) async throws -> HelmReleaseRecord? {
        try await history(name: name).filter { $0.info.status == .deployed }.max { $0.version < $1.version }
    }

    /// Helm's `removeLeastRecent`: the oldest revisions removed until `maxHistory` remain, never the last deployed.
    func prune(name: String, maxHistory: Int) async throws {
        guard maxHistory >= 0 else { return }
        let all = try await history(name: name).sorted { $0.version < $1.version }
        guard all.count > maxHistory else { return }
        let keep = try await deployed(name: name)?.version
        var remaining = all.count
        for record in all where remaining > maxHistory && record.version != keep {
            try await delete(name: name, version: record.version)
            remaining -= 1
        }
    }
}

extension HelmReleaseRecord {
    /// The chart as Helm serialises it (a stand-in: metadata and values only).
    static func chartJSON(_ chart: SluiceHelm.HelmChart) -> JSONValue {
        .object(["metadata": .object(chart.metadata.fields), "values": .object(chart.values)])
    }
}
