extension ReleaseStorage {
    /// The highest revision of release `name` (Helm's `Storage.Last`), nil when it has none.
    public func last(name: String) async throws -> HelmReleaseRecord? {
        try await history(name: name).max { $0.version < $1.version }
    }

    /// The highest `deployed` revision of release `name` (Helm's `Storage.Deployed`: after a concurrent mishap several may
    /// be deployed, and the latest counts), nil when none is.
    public func deployed(name: String) async throws -> HelmReleaseRecord? {
        try await history(name: name).filter { $0.info.status == .deployed }.max { $0.version < $1.version }
    }

    /// Removes the oldest revisions of release `name` until at most `maxHistory` remain, never the latest deployed one
    /// (Helm's `Storage.removeLeastRecent`); a negative `maxHistory` removes nothing.
    ///
    /// Every removal is attempted; the first failure is thrown afterwards (`encountered N deletion errors. First is: …`
    /// for more than one), as Helm does.
    ///
    /// - Returns: The versions removed.
    @discardableResult
    public func prune(name: String, maxHistory: Int) async throws -> [Int] {
        guard maxHistory >= 0 else { return [] }
        let history = try await history(name: name).sorted { $0.version < $1.version }
        guard history.count > maxHistory else { return [] }
        let keep = history.filter { $0.info.status == .deployed }.max { $0.version < $1.version }?.version
        var doomed: [Int] = []
        for record in history {
            if history.count - doomed.count == maxHistory { break }
            if record.version != keep { doomed.append(record.version) }
        }
        var errors: [any Error] = []
        var removed: [Int] = []
        for version in doomed {
            do {
                try await delete(name: name, version: version)
                removed.append(version)
            } catch {
                errors.append(error)
            }
        }
        if errors.count == 1 { throw errors[0] }
        if let first = errors.first {
            throw ReleaseStorageError(.pruneFailed, object: nil, "encountered \(errors.count) deletion errors. First is: \(first)")
        }
        return removed
    }

    /// Stores a new revision as Helm's `Storage.Create` does with `MaxHistory` set: when `maxHistory` is above 0, first
    /// prunes the release to `maxHistory - 1` revisions to make room for this one.
    public func create(_ record: HelmReleaseRecord, maxHistory: Int) async throws {
        if maxHistory > 0 { try await prune(name: record.name, maxHistory: maxHistory - 1) }
        try await create(record)
    }
}
