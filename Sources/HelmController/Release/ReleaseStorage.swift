/// Where a release's revisions are kept (Helm's storage driver), for one storage namespace.
public protocol ReleaseStorage: Sendable {
    /// The storage namespace.
    var namespace: String { get }
    /// Revision `version` of release `name`, or nil.
    func get(name: String, version: Int) async throws -> HelmReleaseRecord?
    /// Every revision of release `name`, oldest first.
    func history(name: String) async throws -> [HelmReleaseRecord]
    /// Stores a new revision (fails when it exists).
    func create(_ record: HelmReleaseRecord) async throws
    /// Replaces a stored revision.
    func update(_ record: HelmReleaseRecord) async throws
    /// Removes a stored revision.
    func delete(name: String, version: Int) async throws
}
