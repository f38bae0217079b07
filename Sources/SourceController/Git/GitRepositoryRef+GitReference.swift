import SluiceAPI
import SluiceGit

extension GitRepositoryRef? {
    /// The reference to check out, in Flux's precedence: commit > name > semver > tag > branch, and branch `master` when nothing is set.
    var gitReference: GitReference {
        let ref = self ?? GitRepositoryRef()
        func given(_ value: String?) -> String? { value.flatMap { $0.isEmpty ? nil : $0 } }
        if let commit = given(ref.commit) { return .commit(commit, branch: given(ref.branch)) }
        if let name = given(ref.name) { return .name(name) }
        if let semver = given(ref.semver) { return .semver(semver) }
        if let tag = given(ref.tag) { return .tag(tag) }
        return .branch(given(ref.branch) ?? "master")
    }
}
