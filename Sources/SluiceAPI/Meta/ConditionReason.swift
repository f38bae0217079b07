/// Condition reasons Flux's controllers set, CamelCase as in `status.conditions[].reason`.
public enum ConditionReason {
    /// `Succeeded`.
    public static let succeeded = "Succeeded"
    /// `Failed`.
    public static let failed = "Failed"
    /// `Progressing`: a reconciliation is underway.
    public static let progressing = "Progressing"
    /// `ProgressingWithRetry`: a reconciliation failed and will be retried.
    public static let progressingWithRetry = "ProgressingWithRetry"
    /// `Suspended`: reconciliation is suspended.
    public static let suspended = "Suspended"
    /// `DependencyNotReady`: a dependency is not ready.
    public static let dependencyNotReady = "DependencyNotReady"
    /// `ReconciliationSucceeded`.
    public static let reconciliationSucceeded = "ReconciliationSucceeded"
    /// `ReconciliationFailed`.
    public static let reconciliationFailed = "ReconciliationFailed"
    /// `ArtifactFailed`: downloading the source artifact failed.
    public static let artifactFailed = "ArtifactFailed"
    /// `BuildFailed`: the kustomize build failed.
    public static let buildFailed = "BuildFailed"
    /// `HealthCheckFailed`: a health check failed.
    public static let healthCheckFailed = "HealthCheckFailed"
    /// `PruneFailed`: garbage collection failed.
    public static let pruneFailed = "PruneFailed"
    /// `GitOperationSucceeded`: a clone or checkout succeeded.
    public static let gitOperationSucceeded = "GitOperationSucceeded"
    /// `GitOperationFailed`: a clone or checkout failed.
    public static let gitOperationFailed = "GitOperationFailed"
    /// `AuthenticationFailed`: credentials are missing or rejected.
    public static let authenticationFailed = "AuthenticationFailed"
    /// `URLInvalid`: the source URL is invalid.
    public static let urlInvalid = "URLInvalid"
    /// `VerificationError`: the signature check failed.
    public static let verificationError = "VerificationError"
    /// `ArtifactUpToDate`: the stored artifact matches the source.
    public static let artifactUpToDate = "ArtifactUpToDate"
    /// `IndexationFailed`: fetching a Helm repository index failed.
    public static let indexationFailed = "IndexationFailed"
    /// `ChartPullSucceeded`: a chart was pulled.
    public static let chartPullSucceeded = "ChartPullSucceeded"
    /// `ChartPackageSucceeded`: a chart was packaged.
    public static let chartPackageSucceeded = "ChartPackageSucceeded"
    /// `DirectoryCreationFailed`.
    public static let directoryCreationFailed = "DirectoryCreationFailed"
    /// `StatOperationFailed`.
    public static let statOperationFailed = "StatOperationFailed"
    /// `ReadOperationFailed`.
    public static let readOperationFailed = "ReadOperationFailed"
    /// `AcquireLockFailed`.
    public static let acquireLockFailed = "AcquireLockFailed"
    /// `InvalidPath`.
    public static let invalidPath = "InvalidPath"
    /// `ArchiveOperationFailed`.
    public static let archiveOperationFailed = "ArchiveOperationFailed"
    /// `SymlinkUpdateFailed`.
    public static let symlinkUpdateFailed = "SymlinkUpdateFailed"
    /// `CacheOperationFailed`.
    public static let cacheOperationFailed = "CacheOperationFailed"
    /// `InstallSucceeded`.
    public static let installSucceeded = "InstallSucceeded"
    /// `InstallFailed`.
    public static let installFailed = "InstallFailed"
    /// `UpgradeSucceeded`.
    public static let upgradeSucceeded = "UpgradeSucceeded"
    /// `UpgradeFailed`.
    public static let upgradeFailed = "UpgradeFailed"
    /// `TestSucceeded`.
    public static let testSucceeded = "TestSucceeded"
    /// `TestFailed`.
    public static let testFailed = "TestFailed"
    /// `RollbackSucceeded`.
    public static let rollbackSucceeded = "RollbackSucceeded"
    /// `RollbackFailed`.
    public static let rollbackFailed = "RollbackFailed"
    /// `UninstallSucceeded`.
    public static let uninstallSucceeded = "UninstallSucceeded"
    /// `UninstallFailed`.
    public static let uninstallFailed = "UninstallFailed"
    /// `InitFailed`: the Helm configuration could not be initialised.
    public static let initFailed = "InitFailed"
    /// `GetLastReleaseFailed`: the last Helm release could not be read.
    public static let getLastReleaseFailed = "GetLastReleaseFailed"
    /// `NewRevision`: upstream moved; a new artifact is on its way.
    public static let newRevision = "NewRevision"
    /// `NoArtifact`: no artifact is stored yet.
    public static let noArtifact = "NoArtifact"
    /// `NewArtifact`: the event reason when a source stores a new artifact.
    public static let newArtifact = "NewArtifact"
    /// `NotFound`: a referenced object does not exist.
    public static let notFound = "NotFound"
}
