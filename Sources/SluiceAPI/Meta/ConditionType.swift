/// Condition types Flux's objects report in `status.conditions`.
public enum ConditionType {
    /// `Ready`: the summary condition every reconciled kind has.
    public static let ready = "Ready"
    /// `Reconciling`: a reconciliation is in progress (abnormal-true).
    public static let reconciling = "Reconciling"
    /// `Stalled`: reconciliation cannot progress without a change to the object (abnormal-true).
    public static let stalled = "Stalled"
    /// `Healthy`: the last health assessment's result (Kustomization).
    public static let healthy = "Healthy"
    /// `ArtifactInStorage`: the source's artifact is stored.
    public static let artifactInStorage = "ArtifactInStorage"
    /// `ArtifactOutdated`: the stored artifact is out of date (abnormal-true).
    public static let artifactOutdated = "ArtifactOutdated"
    /// `SourceVerified`: the source's signature check result.
    public static let sourceVerified = "SourceVerified"
    /// `FetchFailed`: fetching the upstream source failed (abnormal-true).
    public static let fetchFailed = "FetchFailed"
    /// `BuildFailed`: building the artifact failed (abnormal-true).
    public static let buildFailed = "BuildFailed"
    /// `StorageOperationFailed`: a storage operation failed (abnormal-true).
    public static let storageOperationFailed = "StorageOperationFailed"
    /// `IncludeUnavailable`: a GitRepository include has no artifact (abnormal-true).
    public static let includeUnavailable = "IncludeUnavailable"
    /// `Released`: the last Helm install or upgrade's result.
    public static let released = "Released"
    /// `TestSuccess`: the last Helm test's result.
    public static let testSuccess = "TestSuccess"
    /// `Remediated`: the last Helm remediation's result.
    public static let remediated = "Remediated"
}
