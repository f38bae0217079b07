import SluiceAPI
import SluiceGit
import Synchronization

/// What one reconcile of a GitRepository hands from step to step: the fetched revision and the included artifacts.
final class GitRepositoryWork: Sendable {
    struct State {
        var fetched: FetchedRevision?
        var included: [(include: GitRepositoryInclude, artifact: Artifact)] = []
    }

    private let state = Mutex(State())

    /// The revision the source step fetched.
    var fetched: FetchedRevision? {
        get { state.withLock { $0.fetched } }
        set { state.withLock { $0.fetched = newValue } }
    }

    /// The includes the include step resolved, in `spec.include` order.
    var included: [(include: GitRepositoryInclude, artifact: Artifact)] {
        get { state.withLock { $0.included } }
        set { state.withLock { $0.included = newValue } }
    }
}
