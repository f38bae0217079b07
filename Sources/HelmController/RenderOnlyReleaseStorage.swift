/// A ``ReleaseStorage`` that reads through another and refuses every write, for rendering a release without recording
/// it (`helm-controller template --helmrelease`): whatever a render does, no revision reaches the cluster.
struct RenderOnlyReleaseStorage: ReleaseStorage {
    /// Where the release's revisions are read from.
    let reading: any ReleaseStorage

    var namespace: String { reading.namespace }

    func get(name: String, version: Int) async throws -> HelmReleaseRecord? { try await reading.get(name: name, version: version) }

    func history(name: String) async throws -> [HelmReleaseRecord] { try await reading.history(name: name) }

    func create(_ record: HelmReleaseRecord) async throws { throw refused(record.name) }

    func update(_ record: HelmReleaseRecord) async throws { throw refused(record.name) }

    func delete(name: String, version: Int) async throws { throw refused(name) }

    private func refused(_ name: String) -> HelmActionError {
        HelmActionError("release \(name): rendering only, nothing is recorded")
    }
}
