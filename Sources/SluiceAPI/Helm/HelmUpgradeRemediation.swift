import SluiceCore

/// What to do when a Helm upgrade fails: retries, and whether to roll back or uninstall.
public struct HelmUpgradeRemediation: Sendable, Hashable, Codable {
    /// Retries is the number of retries that should be attempted on failures before bailing. Remediation, using 'Strategy', is performed between each attempt. Defaults to '0', a negative integer equals to unlimited retries.
    public var retries: Int?
    /// IgnoreTestFailures tells the controller to skip remediation when the Helm tests are run after an upgrade action but fail. Defaults to 'Test.IgnoreFailures'.
    public var ignoreTestFailures: Bool?
    /// RemediateLastFailure tells the controller to remediate the last failure, when no retries remain. Defaults to 'false' unless 'Retries' is greater than 0.
    public var remediateLastFailure: Bool?
    /// Strategy to use for failure remediation. Defaults to 'rollback'.
    public var strategy: String?

    /// A `HelmUpgradeRemediation`.
    public init(
        retries: Int? = nil,
        ignoreTestFailures: Bool? = nil,
        remediateLastFailure: Bool? = nil,
        strategy: String? = nil
    ) {
        self.retries = retries
        self.ignoreTestFailures = ignoreTestFailures
        self.remediateLastFailure = remediateLastFailure
        self.strategy = strategy
    }
}

extension HelmUpgradeRemediation: SchemaDescribed {
    /// The OpenAPI schema of `HelmUpgradeRemediation`.
    public static var openAPISchema: OpenAPISchema {
        .object("UpgradeRemediation holds the configuration for Helm upgrade remediation.", [
            .field("retries", .integer("Retries is the number of retries that should be attempted on failures before bailing. Remediation, using 'Strategy', is performed between each attempt. Defaults to '0', a negative integer equals to unlimited retries.")),
            .field("ignoreTestFailures", .boolean("IgnoreTestFailures tells the controller to skip remediation when the Helm tests are run after an upgrade action but fail. Defaults to 'Test.IgnoreFailures'.")),
            .field("remediateLastFailure", .boolean("RemediateLastFailure tells the controller to remediate the last failure, when no retries remain. Defaults to 'false' unless 'Retries' is greater than 0.")),
            .field("strategy", .enum(["rollback", "uninstall"], "Strategy to use for failure remediation. Defaults to 'rollback'.")),
        ])
    }
}
