/// A ``ReleaseStorage`` that holds nothing and refuses every write, for rendering a release without recording it
/// (`helm-controller template --helmrelease`): whatever a render does, no revision reaches the cluster.
struct RenderOnlyReleaseStorage: ReleaseStorage {
    /// The storage namespace the release would be kept in.
    let namespace: String

    func get(name: String, version: Int) async throws -> HelmReleaseRecord? { nil }

    func history(name: String) async throws -> [HelmReleaseRecord] { [] }

    func create(_ record: HelmReleaseRecord) async throws { throw refused(record.name) }

    func update(_ record: HelmReleaseRecord) async throws { throw refused(record.name) }

    func delete(name: String, version: Int) async throws { throw refused(name) }

    private func refused(_ name: String) -> HelmActionError {
        HelmActionError("release \(name): rendering only, nothing is recorded")
    }
}
