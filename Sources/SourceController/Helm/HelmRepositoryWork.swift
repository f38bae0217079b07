import Synchronization

/// What one reconcile of a HelmRepository hands from the source step to the artifact step.
final class HelmRepositoryWork: Sendable {
    /// A fetched and loaded index.
    struct Fetched: Sendable {
        /// `sha256:<hex>` of the index as downloaded.
        var revision: String
        /// The size of the index as downloaded.
        var size: Int
        /// The loaded index.
        var index: HelmIndex
    }

    private let state = Mutex<Fetched?>(nil)

    /// The index the source step fetched, `nil` when unchanged or not fetched.
    var fetched: Fetched? {
        get { state.withLock { $0 } }
        set { state.withLock { $0 = newValue } }
    }
}
