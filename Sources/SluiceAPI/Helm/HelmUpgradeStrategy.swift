import SluiceCore

/// How failed upgrades are handled (helm-controller's `UpgradeStrategy`): remediated (`RemediateOnFailure`) or retried
/// after an interval (`RetryOnFailure`).
public struct HelmUpgradeStrategy: Sendable, Hashable, Codable {
    /// Name of the upgrade strategy.
    public var name: String
    /// RetryInterval is the interval at which to retry a failed upgrade. Can be used only when Name is set to RetryOnFailure. Defaults to '5m'.
    public var retryInterval: GoDuration?

    /// A `HelmUpgradeStrategy`.
    public init(name: String, retryInterval: GoDuration? = nil) {
        self.name = name
        self.retryInterval = retryInterval
    }
}

extension HelmUpgradeStrategy: SchemaDescribed {
    /// The OpenAPI schema of `HelmUpgradeStrategy`.
    public static var openAPISchema: OpenAPISchema {
        .object("UpgradeStrategy holds the configuration for Helm upgrade strategy.", [
            .required("name", .enum(["RemediateOnFailure", "RetryOnFailure"], "Name of the upgrade strategy.")),
            .field("retryInterval", .duration("RetryInterval is the interval at which to retry a failed upgrade. Can be used only when Name is set to RetryOnFailure. Defaults to '5m'.")),
        ])
            .withValidation(rule: "!has(self.retryInterval) || self.name == 'RetryOnFailure'", message: ".retryInterval can only be set when .name is 'RetryOnFailure'")
    }
}
