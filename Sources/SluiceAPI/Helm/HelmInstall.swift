import SluiceCore

/// Options of the Helm install action (helm-controller's `Install`).
public struct HelmInstall: Sendable, Hashable, Codable {
    /// Timeout is the time to wait for any individual Kubernetes operation (like Jobs for hooks) during the performance of a Helm install action. Defaults to 'HelmReleaseSpec.Timeout'.
    public var timeout: GoDuration?
    /// Strategy defines the install strategy to use for this HelmRelease. Defaults to 'RemediateOnFailure', or 'RetryOnFailure' when the DefaultToRetryOnFailure feature gate is enabled.
    public var strategy: HelmInstallStrategy?
    /// Remediation holds the remediation configuration for when the Helm install action for the HelmRelease fails. The default is to not perform any action.
    public var remediation: HelmInstallRemediation?
    /// DisableTakeOwnership disables taking ownership of existing resources during the Helm install action. Defaults to false.
    public var disableTakeOwnership: Bool?
    /// DisableWait disables the waiting for resources to be ready after a Helm install has been performed.
    public var disableWait: Bool?
    /// DisableWaitForJobs disables waiting for jobs to complete after a Helm install has been performed.
    public var disableWaitForJobs: Bool?
    /// DisableHooks prevents hooks from running during the Helm install action.
    public var disableHooks: Bool?
    /// DisableOpenAPIValidation prevents the Helm install action from validating rendered templates against the Kubernetes OpenAPI Schema.
    public var disableOpenAPIValidation: Bool?
    /// DisableSchemaValidation prevents the Helm install action from validating the values against the JSON Schema.
    public var disableSchemaValidation: Bool?
    /// Replace tells the Helm install action to re-use the 'ReleaseName', but only if that name is a deleted release which remains in the history.
    public var replace: Bool?
    /// SkipCRDs tells the Helm install action to not install any CRDs. By default, CRDs are installed if not already present. Deprecated: use CRD policy (`crds`) attribute with value `Skip` instead.
    public var skipCRDs: Bool?
    /// CRDs upgrade CRDs from the Helm Chart's crds directory according to the CRD upgrade policy provided here. Valid values are `Skip`, `Create` or `CreateReplace`. Default is `Create`.
    public var crds: String?
    /// CreateNamespace tells the Helm install action to create the HelmReleaseSpec.TargetNamespace if it does not exist yet. On uninstall, the namespace will not be garbage collected.
    public var createNamespace: Bool?

    /// A `HelmInstall`.
    public init(
        timeout: GoDuration? = nil,
        strategy: HelmInstallStrategy? = nil,
        remediation: HelmInstallRemediation? = nil,
        disableTakeOwnership: Bool? = nil,
        disableWait: Bool? = nil,
        disableWaitForJobs: Bool? = nil,
        disableHooks: Bool? = nil,
        disableOpenAPIValidation: Bool? = nil,
        disableSchemaValidation: Bool? = nil,
        replace: Bool? = nil,
        skipCRDs: Bool? = nil,
        crds: String? = nil,
        createNamespace: Bool? = nil
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
        self.replace = replace
        self.skipCRDs = skipCRDs
        self.crds = crds
        self.createNamespace = createNamespace
    }
}

extension HelmInstall: SchemaDescribed {
    /// The OpenAPI schema of `HelmInstall`.
    public static var openAPISchema: OpenAPISchema {
        .object("Install holds the configuration for Helm install actions performed for this HelmRelease.", [
            .field("timeout", .duration("Timeout is the time to wait for any individual Kubernetes operation (like Jobs for hooks) during the performance of a Helm install action. Defaults to 'HelmReleaseSpec.Timeout'.")),
            .field("strategy", .ref(HelmInstallStrategy.self, "Strategy defines the install strategy to use for this HelmRelease. Defaults to 'RemediateOnFailure', or 'RetryOnFailure' when the DefaultToRetryOnFailure feature gate is enabled.")),
            .field("remediation", .ref(HelmInstallRemediation.self, "Remediation holds the remediation configuration for when the Helm install action for the HelmRelease fails. The default is to not perform any action.")),
            .field("disableTakeOwnership", .boolean("DisableTakeOwnership disables taking ownership of existing resources during the Helm install action. Defaults to false.")),
            .field("disableWait", .boolean("DisableWait disables the waiting for resources to be ready after a Helm install has been performed.")),
            .field("disableWaitForJobs", .boolean("DisableWaitForJobs disables waiting for jobs to complete after a Helm install has been performed.")),
            .field("disableHooks", .boolean("DisableHooks prevents hooks from running during the Helm install action.")),
            .field("disableOpenAPIValidation", .boolean("DisableOpenAPIValidation prevents the Helm install action from validating rendered templates against the Kubernetes OpenAPI Schema.")),
            .field("disableSchemaValidation", .boolean("DisableSchemaValidation prevents the Helm install action from validating the values against the JSON Schema.")),
            .field("replace", .boolean("Replace tells the Helm install action to re-use the 'ReleaseName', but only if that name is a deleted release which remains in the history.")),
            .field("skipCRDs", .boolean("SkipCRDs tells the Helm install action to not install any CRDs. By default, CRDs are installed if not already present. Deprecated: use CRD policy (`crds`) attribute with value `Skip` instead.")),
            .field("crds", .enum(["Skip", "Create", "CreateReplace"], "CRDs upgrade CRDs from the Helm Chart's crds directory according to the CRD upgrade policy provided here. Valid values are `Skip`, `Create` or `CreateReplace`. Default is `Create`.")),
            .field("createNamespace", .boolean("CreateNamespace tells the Helm install action to create the HelmReleaseSpec.TargetNamespace if it does not exist yet. On uninstall, the namespace will not be garbage collected.")),
        ])
    }
}
