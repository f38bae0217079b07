import SluiceCore

/// When a Helm test hook last ran and its phase (helm-controller's `TestHookStatus`).
public struct HelmTestHookStatus: Sendable, Hashable, Codable {
    /// LastStarted is the time the test hook was last started.
    public var lastStarted: String?
    /// LastCompleted is the time the test hook last completed.
    public var lastCompleted: String?
    /// Phase the test hook was observed to be in.
    public var phase: String?

    /// A `HelmTestHookStatus`.
    public init(lastStarted: String? = nil, lastCompleted: String? = nil, phase: String? = nil) {
        self.lastStarted = lastStarted
        self.lastCompleted = lastCompleted
        self.phase = phase
    }
}

extension HelmTestHookStatus: SchemaDescribed {
    /// The OpenAPI schema of `HelmTestHookStatus`.
    public static var openAPISchema: OpenAPISchema {
        .object("TestHookStatus holds the status information for a test hook as observed to be run by the controller.", [
            .field("lastStarted", .dateTime("LastStarted is the time the test hook was last started.")),
            .field("lastCompleted", .dateTime("LastCompleted is the time the test hook last completed.")),
            .field("phase", .string("Phase the test hook was observed to be in.")),
        ])
    }
}
