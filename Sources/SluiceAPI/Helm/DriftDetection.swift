import SluiceCore

/// Whether and how a HelmRelease detects and corrects drift from its Helm manifest.
public struct DriftDetection: Sendable, Hashable, Codable {
    /// Mode defines how differences should be handled between the Helm manifest and the manifest currently applied to the cluster. If not explicitly set, it defaults to DiffModeDisabled.
    public var mode: String?
    /// Ignore contains a list of rules for specifying which changes to ignore during diffing.
    public var ignore: [IgnoreRule]?

    /// A `DriftDetection`.
    public init(mode: String? = nil, ignore: [IgnoreRule]? = nil) {
        self.mode = mode
        self.ignore = ignore
    }
}

extension DriftDetection: SchemaDescribed {
    /// The OpenAPI schema of `DriftDetection`.
    public static var openAPISchema: OpenAPISchema {
        .object("DriftDetection defines the strategy for performing differential analysis and provides a way to define rules for ignoring specific changes during this process.", [
            .field("mode", .enum(["enabled", "warn", "disabled"], "Mode defines how differences should be handled between the Helm manifest and the manifest currently applied to the cluster. If not explicitly set, it defaults to DiffModeDisabled.")),
            .field("ignore", .array(of: .ref(IgnoreRule.self), "Ignore contains a list of rules for specifying which changes to ignore during diffing.")),
        ])
    }
}
