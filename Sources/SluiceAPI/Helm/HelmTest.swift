import SluiceCore

/// Options of the Helm test action (helm-controller's `Test`).
public struct HelmTest: Sendable, Hashable, Codable {
    /// Enable enables Helm test actions for this HelmRelease after an Helm install or upgrade action has been performed.
    public var enable: Bool?
    /// Timeout is the time to wait for any individual Kubernetes operation during the performance of a Helm test action. Defaults to 'HelmReleaseSpec.Timeout'.
    public var timeout: GoDuration?
    /// IgnoreFailures tells the controller to skip remediation when the Helm tests are run but fail.
    public var ignoreFailures: Bool?
    /// Filters is a list of tests to run or exclude from running.
    public var filters: [HelmTestFilter]?

    /// A `HelmTest`.
    public init(
        enable: Bool? = nil,
        timeout: GoDuration? = nil,
        ignoreFailures: Bool? = nil,
        filters: [HelmTestFilter]? = nil
    ) {
        self.enable = enable
        self.timeout = timeout
        self.ignoreFailures = ignoreFailures
        self.filters = filters
    }
}

extension HelmTest: SchemaDescribed {
    /// The OpenAPI schema of `HelmTest`.
    public static var openAPISchema: OpenAPISchema {
        .object("Test holds the configuration for Helm test actions for this HelmRelease.", [
            .field("enable", .boolean("Enable enables Helm test actions for this HelmRelease after an Helm install or upgrade action has been performed.")),
            .field("timeout", .duration("Timeout is the time to wait for any individual Kubernetes operation during the performance of a Helm test action. Defaults to 'HelmReleaseSpec.Timeout'.")),
            .field("ignoreFailures", .boolean("IgnoreFailures tells the controller to skip remediation when the Helm tests are run but fail.")),
            .field("filters", .array(of: .ref(HelmTestFilter.self), "Filters is a list of tests to run or exclude from running.")),
        ])
    }
}
