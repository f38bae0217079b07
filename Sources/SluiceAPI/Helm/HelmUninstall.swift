import SluiceCore

/// Options of the Helm uninstall action (helm-controller's `Uninstall`).
public struct HelmUninstall: Sendable, Hashable, Codable {
    /// Timeout is the time to wait for any individual Kubernetes operation (like Jobs for hooks) during the performance of a Helm uninstall action. Defaults to 'HelmReleaseSpec.Timeout'.
    public var timeout: GoDuration?
    /// DisableHooks prevents hooks from running during the Helm rollback action.
    public var disableHooks: Bool?
    /// KeepHistory tells Helm to remove all associated resources and mark the release as deleted, but retain the release history.
    public var keepHistory: Bool?
    /// DisableWait disables waiting for all the resources to be deleted after a Helm uninstall is performed.
    public var disableWait: Bool?
    /// DeletionPropagation specifies the deletion propagation policy when a Helm uninstall is performed.
    public var deletionPropagation: String?

    /// A `HelmUninstall`.
    public init(
        timeout: GoDuration? = nil,
        disableHooks: Bool? = nil,
        keepHistory: Bool? = nil,
        disableWait: Bool? = nil,
        deletionPropagation: String? = nil
    ) {
        self.timeout = timeout
        self.disableHooks = disableHooks
        self.keepHistory = keepHistory
        self.disableWait = disableWait
        self.deletionPropagation = deletionPropagation
    }
}

extension HelmUninstall: SchemaDescribed {
    /// The OpenAPI schema of `HelmUninstall`.
    public static var openAPISchema: OpenAPISchema {
        .object("Uninstall holds the configuration for Helm uninstall actions for this HelmRelease.", [
            .field("timeout", .duration("Timeout is the time to wait for any individual Kubernetes operation (like Jobs for hooks) during the performance of a Helm uninstall action. Defaults to 'HelmReleaseSpec.Timeout'.")),
            .field("disableHooks", .boolean("DisableHooks prevents hooks from running during the Helm rollback action.")),
            .field("keepHistory", .boolean("KeepHistory tells Helm to remove all associated resources and mark the release as deleted, but retain the release history.")),
            .field("disableWait", .boolean("DisableWait disables waiting for all the resources to be deleted after a Helm uninstall is performed.")),
            .field("deletionPropagation", .enum(["background", "foreground", "orphan"], "DeletionPropagation specifies the deletion propagation policy when a Helm uninstall is performed.").withDefault("background")),
        ])
    }
}
