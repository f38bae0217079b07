/// A hook of a release (`release.Hook`): the document, the events it runs on, its weight, delete policies and last run.
public struct HelmReleaseHook: Sendable, Equatable {
    /// The object's name.
    public var name: String
    /// The object's kind.
    public var kind: String
    /// The template it came from.
    public var path: String
    /// The rendered document.
    public var manifest: String
    /// The events (`pre-install`, `post-upgrade`, `test`, …).
    public var events: [String]
    /// The last run.
    public var lastRun: HelmHookExecution
    /// `helm.sh/hook-weight`.
    public var weight: Int
    /// `helm.sh/hook-delete-policy` (`before-hook-creation`, `hook-succeeded`, `hook-failed`).
    public var deletePolicies: [String]
    /// `helm.sh/hook-output-log-policy` (Helm 4).
    public var outputLogPolicies: [String]

    /// A hook.
    public init(name: String, kind: String, path: String, manifest: String, events: [String], lastRun: HelmHookExecution = HelmHookExecution(),
                weight: Int = 0, deletePolicies: [String] = [], outputLogPolicies: [String] = [])
    {
        self.name = name
        self.kind = kind
        self.path = path
        self.manifest = manifest
        self.events = events
        self.lastRun = lastRun
        self.weight = weight
        self.deletePolicies = deletePolicies
        self.outputLogPolicies = outputLogPolicies
    }
}
