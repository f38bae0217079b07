/// What a ``KustomizeRemoteLoader`` got for an `http(s)` URL.
public enum KustomizeRemoteFile: Sendable, Equatable {
    /// The body of a successful (2xx) answer.
    case content([UInt8])
    /// The status of an answer that was not a success: kustomize then tries the URL as a Git repository.
    case status(Int)
}
