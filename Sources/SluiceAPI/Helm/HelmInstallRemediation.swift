import SluiceCore

/// What to do when a Helm install fails: retries, and whether to uninstall after the last failure.
public struct HelmInstallRemediation: Sendable, Hashable, Codable {
    /// Retries is the number of retries that should be attempted on failures before bailing. Remediation, using an uninstall, is performed between each attempt. Defaults to '0', a negative integer equals to unlimited retries.
    public var retries: Int?
    /// IgnoreTestFailures tells the controller to skip remediation when the Helm tests are run after an install action but fail. Defaults to 'Test.IgnoreFailures'.
    public var ignoreTestFailures: Bool?
    /// RemediateLastFailure tells the controller to remediate the last failure, when no retries remain. Defaults to 'false'.
    public var remediateLastFailure: Bool?

    /// A `HelmInstallRemediation`.
    public init(retries: Int? = nil, ignoreTestFailures: Bool? = nil, remediateLastFailure: Bool? = nil) {
        self.retries = retries
        self.ignoreTestFailures = ignoreTestFailures
        self.remediateLastFailure = remediateLastFailure
    }
}

extension HelmInstallRemediation: SchemaDescribed {
    /// The OpenAPI schema of `HelmInstallRemediation`.
    public static var openAPISchema: OpenAPISchema {
        .object("InstallRemediation holds the configuration for Helm install remediation.", [
            .field("retries", .integer("Retries is the number of retries that should be attempted on failures before bailing. Remediation, using an uninstall, is performed between each attempt. Defaults to '0', a negative integer equals to unlimited retries.")),
            .field("ignoreTestFailures", .boolean("IgnoreTestFailures tells the controller to skip remediation when the Helm tests are run after an install action but fail. Defaults to 'Test.IgnoreFailures'.")),
            .field("remediateLastFailure", .boolean("RemediateLastFailure tells the controller to remediate the last failure, when no retries remain. Defaults to 'false'.")),
        ])
    }
}
