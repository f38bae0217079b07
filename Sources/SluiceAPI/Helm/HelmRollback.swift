import SluiceCore

/// Options of the Helm rollback action (helm-controller's `Rollback`).
public struct HelmRollback: Sendable, Hashable, Codable {
    /// Timeout is the time to wait for any individual Kubernetes operation (like Jobs for hooks) during the performance of a Helm rollback action. Defaults to 'HelmReleaseSpec.Timeout'.
    public var timeout: GoDuration?
    /// DisableWait disables the waiting for resources to be ready after a Helm rollback has been performed.
    public var disableWait: Bool?
    /// DisableWaitForJobs disables waiting for jobs to complete after a Helm rollback has been performed.
    public var disableWaitForJobs: Bool?
    /// DisableHooks prevents hooks from running during the Helm rollback action.
    public var disableHooks: Bool?
    /// Recreate performs pod restarts for the resource if applicable.
    public var recreate: Bool?
    /// Force forces resource updates through a replacement strategy.
    public var force: Bool?
    /// CleanupOnFail allows deletion of new resources created during the Helm rollback action when it fails.
    public var cleanupOnFail: Bool?

    /// A `HelmRollback`.
    public init(
        timeout: GoDuration? = nil,
        disableWait: Bool? = nil,
        disableWaitForJobs: Bool? = nil,
        disableHooks: Bool? = nil,
        recreate: Bool? = nil,
        force: Bool? = nil,
        cleanupOnFail: Bool? = nil
    ) {
        self.timeout = timeout
        self.disableWait = disableWait
        self.disableWaitForJobs = disableWaitForJobs
        self.disableHooks = disableHooks
        self.recreate = recreate
        self.force = force
        self.cleanupOnFail = cleanupOnFail
    }
}

extension HelmRollback: SchemaDescribed {
    /// The OpenAPI schema of `HelmRollback`.
    public static var openAPISchema: OpenAPISchema {
        .object("Rollback holds the configuration for Helm rollback actions for this HelmRelease.", [
            .field("timeout", .duration("Timeout is the time to wait for any individual Kubernetes operation (like Jobs for hooks) during the performance of a Helm rollback action. Defaults to 'HelmReleaseSpec.Timeout'.")),
            .field("disableWait", .boolean("DisableWait disables the waiting for resources to be ready after a Helm rollback has been performed.")),
            .field("disableWaitForJobs", .boolean("DisableWaitForJobs disables waiting for jobs to complete after a Helm rollback has been performed.")),
            .field("disableHooks", .boolean("DisableHooks prevents hooks from running during the Helm rollback action.")),
            .field("recreate", .boolean("Recreate performs pod restarts for the resource if applicable.")),
            .field("force", .boolean("Force forces resource updates through a replacement strategy.")),
            .field("cleanupOnFail", .boolean("CleanupOnFail allows deletion of new resources created during the Helm rollback action when it fails.")),
        ])
    }
}
