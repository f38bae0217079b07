import SluiceCore

/// How failed installs are handled (helm-controller's `InstallStrategy`): remediated (`RemediateOnFailure`) or retried
/// after an interval (`RetryOnFailure`).
public struct HelmInstallStrategy: Sendable, Hashable, Codable {
    /// Name of the install strategy.
    public var name: String
    /// RetryInterval is the interval at which to retry a failed install. Can be used only when Name is set to RetryOnFailure. Defaults to '5m'.
    public var retryInterval: GoDuration?

    /// A `HelmInstallStrategy`.
    public init(name: String, retryInterval: GoDuration? = nil) {
        self.name = name
        self.retryInterval = retryInterval
    }
}

extension HelmInstallStrategy: SchemaDescribed {
    /// The OpenAPI schema of `HelmInstallStrategy`.
    public static var openAPISchema: OpenAPISchema {
        .object("InstallStrategy holds the configuration for Helm install strategy.", [
            .required("name", .enum(["RemediateOnFailure", "RetryOnFailure"], "Name of the install strategy.")),
            .field("retryInterval", .duration("RetryInterval is the interval at which to retry a failed install. Can be used only when Name is set to RetryOnFailure. Defaults to '5m'.")),
        ])
            .withValidation(rule: "!has(self.retryInterval) || self.name != 'RemediateOnFailure'", message: ".retryInterval cannot be set when .name is 'RemediateOnFailure'")
    }
}
