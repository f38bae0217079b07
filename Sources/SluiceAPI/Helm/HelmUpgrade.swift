import SluiceCore

/// Options of the Helm upgrade action (helm-controller's `Upgrade`).
public struct HelmUpgrade: Sendable, Hashable, Codable {
    /// Timeout is the time to wait for any individual Kubernetes operation (like Jobs for hooks) during the performance of a Helm upgrade action. Defaults to 'HelmReleaseSpec.Timeout'.
    public var timeout: GoDuration?
    /// Strategy defines the upgrade strategy to use for this HelmRelease. Defaults to 'RemediateOnFailure', or 'RetryOnFailure' when the DefaultToRetryOnFailure feature gate is enabled.
    public var strategy: HelmUpgradeStrategy?
    /// Remediation holds the remediation configuration for when the Helm upgrade action for the HelmRelease fails. The default is to not perform any action.
    public var remediation: HelmUpgradeRemediation?
    /// DisableTakeOwnership disables taking ownership of existing resources during the Helm upgrade action. Defaults to false.
    public var disableTakeOwnership: Bool?
    /// DisableWait disables the waiting for resources to be ready after a Helm upgrade has been performed.
    public var disableWait: Bool?
    /// DisableWaitForJobs disables waiting for jobs to complete after a Helm upgrade has been performed.
    public var disableWaitForJobs: Bool?
    /// DisableHooks prevents hooks from running during the Helm upgrade action.
    public var disableHooks: Bool?
    /// DisableOpenAPIValidation prevents the Helm upgrade action from validating rendered templates against the Kubernetes OpenAPI Schema.
    public var disableOpenAPIValidation: Bool?
    /// DisableSchemaValidation prevents the Helm upgrade action from validating the values against the JSON Schema.
    public var disableSchemaValidation: Bool?
    /// Force forces resource updates through a replacement strategy.
    public var force: Bool?
    /// PreserveValues will make Helm reuse the last release's values and merge in overrides from 'Values'. Setting this flag makes the HelmRelease non-declarative.
    public var preserveValues: Bool?
    /// CleanupOnFail allows deletion of new resources created during the Helm upgrade action when it fails.
    public var cleanupOnFail: Bool?
    /// CRDs upgrade CRDs from the Helm Chart's crds directory according to the CRD upgrade policy provided here. Valid values are `Skip`, `Create` or `CreateReplace`. Default is `Skip`.
    public var crds: String?

    /// A `HelmUpgrade`.
    public init(
        timeout: GoDuration? = nil,
        strategy: HelmUpgradeStrategy? = nil,
        remediation: HelmUpgradeRemediation? = nil,
        disableTakeOwnership: Bool? = nil,
        disableWait: Bool? = nil,
        disableWaitForJobs: Bool? = nil,
        disableHooks: Bool? = nil,
        disableOpenAPIValidation: Bool? = nil,
        disableSchemaValidation: Bool? = nil,
        force: Bool? = nil,
        preserveValues: Bool? = nil,
        cleanupOnFail: Bool? = nil,
        crds: String? = nil
    ) {
        self.timeout = timeout
        self.strategy = strategy
        self.remediation = remediation
        self.disableTakeOwnership = disableTakeOwnership
        self.disableWait = disableWait
        self.disableWaitForJobs = disableWaitForJobs
        self.disableHooks = disableHooks
        self.disableOpenAPIValidation = disableOpenAPIValidation
        self.disableSchemaValidation = disableSchemaValidation
        self.force = force
        self.preserveValues = preserveValues
        self.cleanupOnFail = cleanupOnFail
        self.crds = crds
    }
}

extension HelmUpgrade: SchemaDescribed {
    /// The OpenAPI schema of `HelmUpgrade`.
    public static var openAPISchema: OpenAPISchema {
        .object("Upgrade holds the configuration for Helm upgrade actions for this HelmRelease.", [
            .field("timeout", .duration("Timeout is the time to wait for any individual Kubernetes operation (like Jobs for hooks) during the performance of a Helm upgrade action. Defaults to 'HelmReleaseSpec.Timeout'.")),
            .field("strategy", .ref(HelmUpgradeStrategy.self, "Strategy defines the upgrade strategy to use for this HelmRelease. Defaults to 'RemediateOnFailure', or 'RetryOnFailure' when the DefaultToRetryOnFailure feature gate is enabled.")),
            .field("remediation", .ref(HelmUpgradeRemediation.self, "Remediation holds the remediation configuration for when the Helm upgrade action for the HelmRelease fails. The default is to not perform any action.")),
            .field("disableTakeOwnership", .boolean("DisableTakeOwnership disables taking ownership of existing resources during the Helm upgrade action. Defaults to false.")),
            .field("disableWait", .boolean("DisableWait disables the waiting for resources to be ready after a Helm upgrade has been performed.")),
            .field("disableWaitForJobs", .boolean("DisableWaitForJobs disables waiting for jobs to complete after a Helm upgrade has been performed.")),
            .field("disableHooks", .boolean("DisableHooks prevents hooks from running during the Helm upgrade action.")),
            .field("disableOpenAPIValidation", .boolean("DisableOpenAPIValidation prevents the Helm upgrade action from validating rendered templates against the Kubernetes OpenAPI Schema.")),
            .field("disableSchemaValidation", .boolean("DisableSchemaValidation prevents the Helm upgrade action from validating the values against the JSON Schema.")),
            .field("force", .boolean("Force forces resource updates through a replacement strategy.")),
            .field("preserveValues", .boolean("PreserveValues will make Helm reuse the last release's values and merge in overrides from 'Values'. Setting this flag makes the HelmRelease non-declarative.")),
            .field("cleanupOnFail", .boolean("CleanupOnFail allows deletion of new resources created during the Helm upgrade action when it fails.")),
            .field("crds", .enum(["Skip", "Create", "CreateReplace"], "CRDs upgrade CRDs from the Helm Chart's crds directory according to the CRD upgrade policy provided here. Valid values are `Skip`, `Create` or `CreateReplace`. Default is `Skip`.")),
        ])
    }
}
