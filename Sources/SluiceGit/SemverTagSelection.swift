import SluiceCore

/// Flux's semver tag choice: the highest tag that parses as a version (Masterminds' lenient form, `v` allowed) and
/// satisfies the constraint; prereleases only when the constraint names one.
enum SemverTagSelection {
    /// The name of the chosen tag among `tags` (short names, without `refs/tags/`).
    /// - Throws: `.other` for a constraint that does not parse, `.referenceNotFound` when no tag satisfies it.
    static func highest(satisfying constraint: String, among tags: [String]) throws(GitError) -> String {
        let parsed: VersionConstraint
        do { parsed = try VersionConstraint(constraint) } catch {
            throw GitError(.other, "invalid semver constraint '\(constraint)': \(error)")
        }
        guard let chosen = parsed.highest(of: tags.compactMap { SemanticVersion($0) }) else {
            throw GitError(.referenceNotFound, "no tag satisfies semver constraint '\(constraint)'")
        }
        return chosen.original
    }
}
