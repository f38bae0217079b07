import SluiceCore

/// A point-in-time record of a Helm release the controller made (helm-controller's `Snapshot`).
public struct HelmReleaseSnapshot: Sendable, Hashable, Codable {
    /// APIVersion is the API version of the Snapshot.
    public var apiVersion: String?
    /// Digest is the checksum of the release object in storage. It has the format of `<algo>:<checksum>`.
    public var digest: String
    /// Name is the name of the release.
    public var name: String
    /// Namespace is the namespace the release is deployed to.
    public var namespace: String
    /// Version is the version of the release object in storage.
    public var version: Int
    /// Status is the current state of the release.
    public var status: String
    /// Action is the action that resulted in this snapshot being created.
    public var action: String?
    /// ChartName is the chart name of the release object in storage.
    public var chartName: String
    /// ChartVersion is the chart version of the release object in storage.
    public var chartVersion: String
    /// AppVersion is the chart app version of the release object in storage.
    public var appVersion: String?
    /// ConfigDigest is the checksum of the config (better known as "values") of the release object in storage. It has the format of `<algo>:<checksum>`.
    public var configDigest: String
    /// FirstDeployed is when the release was first deployed.
    public var firstDeployed: String
    /// LastDeployed is when the release was last deployed.
    public var lastDeployed: String
    /// Deleted is when the release was deleted.
    public var deleted: String?
    /// TestHooks is the list of test hooks for the release as observed to be run by the controller.
    public var testHooks: [String: HelmTestHookStatus]?
    /// OCIDigest is the digest of the OCI artifact associated with the release.
    public var ociDigest: String?

    /// A `HelmReleaseSnapshot`.
    public init(
        apiVersion: String? = nil,
        digest: String,
        name: String,
        namespace: String,
        version: Int,
        status: String,
        action: String? = nil,
        chartName: String,
        chartVersion: String,
        appVersion: String? = nil,
        configDigest: String,
        firstDeployed: String,
        lastDeployed: String,
        deleted: String? = nil,
        testHooks: [String: HelmTestHookStatus]? = nil,
        ociDigest: String? = nil
    ) {
        self.apiVersion = apiVersion
        self.digest = digest
        self.name = name
        self.namespace = namespace
        self.version = version
        self.status = status
        self.action = action
        self.chartName = chartName
        self.chartVersion = chartVersion
        self.appVersion = appVersion
        self.configDigest = configDigest
        self.firstDeployed = firstDeployed
        self.lastDeployed = lastDeployed
        self.deleted = deleted
        self.testHooks = testHooks
        self.ociDigest = ociDigest
    }
}

extension HelmReleaseSnapshot: SchemaDescribed {
    /// The OpenAPI schema of `HelmReleaseSnapshot`.
    public static var openAPISchema: OpenAPISchema {
        .object("Snapshot captures a point-in-time copy of the status information for a Helm release, as managed by the controller.", [
            .field("apiVersion", .string("APIVersion is the API version of the Snapshot.")),
            .required("digest", .string("Digest is the checksum of the release object in storage. It has the format of `<algo>:<checksum>`.")),
            .required("name", .string("Name is the name of the release.")),
            .required("namespace", .string("Namespace is the namespace the release is deployed to.")),
            .required("version", .integer("Version is the version of the release object in storage.")),
            .required("status", .string("Status is the current state of the release.")),
            .field("action", .string("Action is the action that resulted in this snapshot being created.")),
            .required("chartName", .string("ChartName is the chart name of the release object in storage.")),
            .required("chartVersion", .string("ChartVersion is the chart version of the release object in storage.")),
            .field("appVersion", .string("AppVersion is the chart app version of the release object in storage.")),
            .required("configDigest", .string("ConfigDigest is the checksum of the config (better known as \"values\") of the release object in storage. It has the format of `<algo>:<checksum>`.")),
            .required("firstDeployed", .dateTime("FirstDeployed is when the release was first deployed.")),
            .required("lastDeployed", .dateTime("LastDeployed is when the release was last deployed.")),
            .field("deleted", .dateTime("Deleted is when the release was deleted.")),
            .field("testHooks", .map(of: .ref(HelmTestHookStatus.self), "TestHooks is the list of test hooks for the release as observed to be run by the controller.")),
            .field("ociDigest", .string("OCIDigest is the digest of the OCI artifact associated with the release.")),
        ])
    }
}
