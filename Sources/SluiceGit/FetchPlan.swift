/// What one fetch asks the server for and what it then resolves, chosen from the references the server advertised.
///
/// Pure: the advertisement is a map from reference name to hex object id, as `git ls-remote` shows it.
struct FetchPlan: Equatable, Sendable {
    /// What the fetch resolves to once the objects are in the cache.
    enum Target: Equatable, Sendable {
        /// The advertised object (a commit, or an annotated tag that peels to one).
        case object(String)
        /// A commit given by sha (or an unambiguous prefix), which must be reachable from the tip when one is given.
        case commit(String, reachableFrom: String?)
    }

    /// The refspecs to fetch (each `+src:dst`, the same name in the cache as upstream).
    var refspecs: [String]
    /// What to resolve.
    var target: Target
    /// The name in the revision string: the branch or tag, the full reference for `name`, nil for a bare commit.
    var referenceName: String?

    /// The plan for `reference` given the server's advertisement.
    /// - Throws: `.referenceNotFound` naming what is missing; `.other` for a malformed sha, reference or constraint.
    static func make(for reference: GitReference, advertised: [String: String]) throws(GitError) -> FetchPlan {
        switch reference {
        case .branch(let branch):
            let name = "refs/heads/\(branch)"
            guard !branch.isEmpty, let oid = advertised[name] else { throw GitError(.referenceNotFound, "branch '\(branch)' not found") }
            return FetchPlan(refspecs: ["+\(name):\(name)"], target: .object(oid), referenceName: branch)
        case .tag(let tag):
            return try plan(tag: tag, advertised: advertised)
        case .semver(let constraint):
            let tags = advertised.keys.filter { $0.hasPrefix("refs/tags/") && !$0.hasSuffix("^{}") }
                .map { String($0.dropFirst("refs/tags/".count)) }
            let chosen = try SemverTagSelection.highest(satisfying: constraint, among: tags)
            return try plan(tag: chosen, advertised: advertised)
        case .name(let name):
            guard name.hasPrefix("refs/") else {
                throw GitError(.referenceNotFound, "reference '\(name)' not found: a name must be a full reference such as refs/heads/main")
            }
            guard let oid = advertised[name] else { throw GitError(.referenceNotFound, "reference '\(name)' not found") }
            return FetchPlan(refspecs: ["+\(name):\(name)"], target: .object(oid), referenceName: name)
        case .commit(let sha, let branch):
            let sha = sha.lowercased()
            guard (4...40).contains(sha.count), sha.allSatisfy({ $0.isHexDigit }) else {
                throw GitError(.other, "invalid commit sha '\(sha)'")
            }
            guard let branch, !branch.isEmpty else {
                return FetchPlan(refspecs: ["+refs/heads/*:refs/heads/*"], target: .commit(sha, reachableFrom: nil), referenceName: nil)
            }
            let name = "refs/heads/\(branch)"
            guard let tip = advertised[name] else { throw GitError(.referenceNotFound, "branch '\(branch)' not found") }
            return FetchPlan(refspecs: ["+\(name):\(name)"], target: .commit(sha, reachableFrom: tip), referenceName: branch)
        case .shorthand(let name):
            return try plan(shorthand: name, advertised: advertised)
        }
    }

    /// Git's order for a short name (`git rev-parse`): the name itself when it is a full reference, `refs/NAME`,
    /// then a tag, then a branch; a name that is none of them but looks like a sha is fetched as a commit. Without a
    /// name, the branch the advertised `HEAD` points at (the first such branch by name when several do).
    private static func plan(shorthand name: String?, advertised: [String: String]) throws(GitError) -> FetchPlan {
        guard let name, !name.isEmpty else {
            guard let head = advertised["HEAD"],
                  let branch = advertised.filter({ $0.key.hasPrefix("refs/heads/") && $0.value == head }).keys.sorted().first else {
                throw GitError(.referenceNotFound, "the remote's HEAD names no branch")
            }
            return FetchPlan(refspecs: ["+\(branch):\(branch)"], target: .object(head), referenceName: String(branch.dropFirst("refs/heads/".count)))
        }
        let candidates = (name.hasPrefix("refs/") ? [name] : []) + ["refs/\(name)", "refs/tags/\(name)", "refs/heads/\(name)"]
        for candidate in candidates {
            guard let oid = advertised[candidate] else { continue }
            return FetchPlan(refspecs: ["+\(candidate):\(candidate)"], target: .object(oid), referenceName: name)
        }
        if (4...40).contains(name.count), name.allSatisfy(\.isHexDigit) {
            return try make(for: .commit(name, branch: nil), advertised: advertised)
        }
        throw GitError(.referenceNotFound, "ref '\(name)' not found: no tag, branch or reference of that name")
    }

    private static func plan(tag: String, advertised: [String: String]) throws(GitError) -> FetchPlan {
        let name = "refs/tags/\(tag)"
        guard !tag.isEmpty, let oid = advertised[name] else { throw GitError(.referenceNotFound, "tag '\(tag)' not found") }
        return FetchPlan(refspecs: ["+\(name):\(name)"], target: .object(oid), referenceName: tag)
    }
}
