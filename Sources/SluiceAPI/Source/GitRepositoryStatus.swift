import SluiceCore

/// The observed state of a GitRepository: conditions, the artifact and what produced it.
public struct GitRepositoryStatus: Sendable, Hashable, Codable {
    /// ObservedGeneration is the last observed generation of the GitRepository object.
    public var observedGeneration: Int64?
    /// Conditions holds the conditions for the GitRepository.
    public var conditions: [Condition]?
    /// Artifact represents the last successful GitRepository reconciliation.
    public var artifact: Artifact?
    /// IncludedArtifacts contains a list of the last successfully included Artifacts as instructed by GitRepositorySpec.Include.
    public var includedArtifacts: [Artifact]?
    /// ObservedIgnore is the observed exclusion patterns used for constructing the source artifact.
    public var observedIgnore: String?
    /// ObservedRecurseSubmodules is the observed resource submodules configuration used to produce the current Artifact.
    public var observedRecurseSubmodules: Bool?
    /// ObservedInclude is the observed list of GitRepository resources used to produce the current Artifact.
    public var observedInclude: [GitRepositoryInclude]?
    /// ObservedSparseCheckout is the observed list of directories used to produce the current Artifact.
    public var observedSparseCheckout: [String]?
    /// SourceVerificationMode is the last used verification mode indicating which Git object(s) have been verified.
    public var sourceVerificationMode: String?
    /// LastHandledReconcileAt holds the value of the most recent reconcile request value, so a change of the annotation value can be detected.
    public var lastHandledReconcileAt: String?

    /// A `GitRepositoryStatus`.
    public init(
        observedGeneration: Int64? = nil,
        conditions: [Condition]? = nil,
        artifact: Artifact? = nil,
        includedArtifacts: [Artifact]? = nil,
        observedIgnore: String? = nil,
        observedRecurseSubmodules: Bool? = nil,
        observedInclude: [GitRepositoryInclude]? = nil,
        observedSparseCheckout: [String]? = nil,
        sourceVerificationMode: String? = nil,
        lastHandledReconcileAt: String? = nil
    ) {
        self.observedGeneration = observedGeneration
        self.conditions = conditions
        self.artifact = artifact
        self.includedArtifacts = includedArtifacts
        self.observedIgnore = observedIgnore
        self.observedRecurseSubmodules = observedRecurseSubmodules
        self.observedInclude = observedInclude
        self.observedSparseCheckout = observedSparseCheckout
        self.sourceVerificationMode = sourceVerificationMode
        self.lastHandledReconcileAt = lastHandledReconcileAt
    }
}

extension GitRepositoryStatus: SchemaDescribed {
    /// The OpenAPI schema of `GitRepositoryStatus`.
    public static var openAPISchema: OpenAPISchema {
        .object("GitRepositoryStatus records the observed state of a Git repository.", [
            .field("observedGeneration", .integer("ObservedGeneration is the last observed generation of the GitRepository object.", format: "int64")),
            .field("conditions", .array(of: .ref(Condition.self), "Conditions holds the conditions for the GitRepository.")),
            .field("artifact", .ref(Artifact.self, "Artifact represents the last successful GitRepository reconciliation.")),
            .field("includedArtifacts", .array(of: .ref(Artifact.self), "IncludedArtifacts contains a list of the last successfully included Artifacts as instructed by GitRepositorySpec.Include.")),
            .field("observedIgnore", .string("ObservedIgnore is the observed exclusion patterns used for constructing the source artifact.")),
            .field("observedRecurseSubmodules", .boolean("ObservedRecurseSubmodules is the observed resource submodules configuration used to produce the current Artifact.")),
            .field("observedInclude", .array(of: .ref(GitRepositoryInclude.self), "ObservedInclude is the observed list of GitRepository resources used to produce the current Artifact.")),
            .field("observedSparseCheckout", .array(of: .string(), "ObservedSparseCheckout is the observed list of directories used to produce the current Artifact.")),
            .field("sourceVerificationMode", .string("SourceVerificationMode is the last used verification mode indicating which Git object(s) have been verified.")),
            .field("lastHandledReconcileAt", .string("LastHandledReconcileAt holds the value of the most recent reconcile request value, so a change of the annotation value can be detected.")),
        ])
    }
}
