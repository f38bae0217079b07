import SluiceCore

/// The desired state of a HelmRelease: the chart, its values, and how to install, upgrade, test, roll back and uninstall it.
public struct HelmReleaseSpec: Sendable, Hashable, Codable {
    /// Chart defines the template of the v1.HelmChart that should be created for this HelmRelease.
    public var chart: HelmChartTemplate?
    /// ChartRef holds a reference to a source controller resource containing the Helm chart artifact.
    public var chartRef: CrossNamespaceSourceReference?
    /// Interval at which to reconcile the Helm release.
    public var interval: GoDuration
    /// KubeConfig for reconciling the HelmRelease on a remote cluster.
    public var kubeConfig: KubeConfigReference?
    /// Suspend tells the controller to suspend reconciliation for this HelmRelease, it does not apply to already started reconciliations. Defaults to false.
    public var suspend: Bool?
    /// ReleaseName used for the Helm release. Defaults to a composition of '[TargetNamespace-]Name'.
    public var releaseName: String?
    /// TargetNamespace to target when performing operations for the HelmRelease. Defaults to the namespace of the HelmRelease.
    public var targetNamespace: String?
    /// StorageNamespace used for the Helm storage. Defaults to the namespace of the HelmRelease.
    public var storageNamespace: String?
    /// DependsOn may contain a meta.NamespacedObjectReference slice with references to HelmRelease resources that must be ready before this HelmRelease can be reconciled.
    public var dependsOn: [NamespacedObjectReference]?
    /// Timeout is the time to wait for any individual Kubernetes operation (like Jobs for hooks) during the performance of a Helm action. Defaults to '5m0s'.
    public var timeout: GoDuration?
    /// MaxHistory is the number of revisions saved by Helm for this HelmRelease. Use '0' for an unlimited number of revisions; defaults to '5'.
    public var maxHistory: Int?
    /// The name of the Kubernetes service account to impersonate when reconciling this HelmRelease.
    public var serviceAccountName: String?
    /// PersistentClient tells the controller to use a persistent Kubernetes client for this release. If not set, it defaults to true.
    public var persistentClient: Bool?
    /// DriftDetection holds the configuration for detecting and handling differences between the manifest in the Helm storage and the resources currently existing in the cluster.
    public var driftDetection: DriftDetection?
    /// Install holds the configuration for Helm install actions for this HelmRelease.
    public var install: HelmInstall?
    /// Upgrade holds the configuration for Helm upgrade actions for this HelmRelease.
    public var upgrade: HelmUpgrade?
    /// Test holds the configuration for Helm test actions for this HelmRelease.
    public var test: HelmTest?
    /// Rollback holds the configuration for Helm rollback actions for this HelmRelease.
    public var rollback: HelmRollback?
    /// Uninstall holds the configuration for Helm uninstall actions for this HelmRelease.
    public var uninstall: HelmUninstall?
    /// ValuesFrom holds references to resources containing Helm values for this HelmRelease, and information about how they should be merged.
    public var valuesFrom: [ValuesReference]?
    /// Values holds the values for this Helm release.
    public var values: JSONValue?
    /// PostRenderers holds an array of Helm PostRenderers, which will be applied in order of their definition.
    public var postRenderers: [HelmPostRenderer]?

    /// A `HelmReleaseSpec`.
    public init(
        chart: HelmChartTemplate? = nil,
        chartRef: CrossNamespaceSourceReference? = nil,
        interval: GoDuration,
        kubeConfig: KubeConfigReference? = nil,
        suspend: Bool? = nil,
        releaseName: String? = nil,
        targetNamespace: String? = nil,
        storageNamespace: String? = nil,
        dependsOn: [NamespacedObjectReference]? = nil,
        timeout: GoDuration? = nil,
        maxHistory: Int? = nil,
        serviceAccountName: String? = nil,
        persistentClient: Bool? = nil,
        driftDetection: DriftDetection? = nil,
        install: HelmInstall? = nil,
        upgrade: HelmUpgrade? = nil,
        test: HelmTest? = nil,
        rollback: HelmRollback? = nil,
        uninstall: HelmUninstall? = nil,
        valuesFrom: [ValuesReference]? = nil,
        values: JSONValue? = nil,
        postRenderers: [HelmPostRenderer]? = nil
    ) {
        self.chart = chart
        self.chartRef = chartRef
        self.interval = interval
        self.kubeConfig = kubeConfig
        self.suspend = suspend
        self.releaseName = releaseName
        self.targetNamespace = targetNamespace
        self.storageNamespace = storageNamespace
        self.dependsOn = dependsOn
        self.timeout = timeout
        self.maxHistory = maxHistory
        self.serviceAccountName = serviceAccountName
        self.persistentClient = persistentClient
        self.driftDetection = driftDetection
        self.install = install
        self.upgrade = upgrade
        self.test = test
        self.rollback = rollback
        self.uninstall = uninstall
        self.valuesFrom = valuesFrom
        self.values = values
        self.postRenderers = postRenderers
    }
}

extension HelmReleaseSpec: SchemaDescribed {
    /// The OpenAPI schema of `HelmReleaseSpec`.
    public static var openAPISchema: OpenAPISchema {
        .object("HelmReleaseSpec defines the desired state of a Helm release.", [
            .field("chart", .ref(HelmChartTemplate.self, "Chart defines the template of the v1.HelmChart that should be created for this HelmRelease.")),
            .field("chartRef", .ref(CrossNamespaceSourceReference.self, "ChartRef holds a reference to a source controller resource containing the Helm chart artifact.")
                .withProperty("kind") { $0.withEnum(["OCIRepository", "HelmChart", "ExternalArtifact"]) }
                .withProperty("name") { $0.withLength(min: 1, max: 253) }
                .withProperty("namespace") { $0.withLength(min: 1, max: 63) }),
            .required("interval", .duration("Interval at which to reconcile the Helm release.")),
            .field("kubeConfig", .ref(KubeConfigReference.self, "KubeConfig for reconciling the HelmRelease on a remote cluster.")),
            .field("suspend", .boolean("Suspend tells the controller to suspend reconciliation for this HelmRelease, it does not apply to already started reconciliations. Defaults to false.")),
            .field("releaseName", .string("ReleaseName used for the Helm release. Defaults to a composition of '[TargetNamespace-]Name'.").withLength(min: 1, max: 53)),
            .field("targetNamespace", .string("TargetNamespace to target when performing operations for the HelmRelease. Defaults to the namespace of the HelmRelease.").withLength(min: 1, max: 63)),
            .field("storageNamespace", .string("StorageNamespace used for the Helm storage. Defaults to the namespace of the HelmRelease.").withLength(min: 1, max: 63)),
            .field("dependsOn", .array(of: .ref(NamespacedObjectReference.self), "DependsOn may contain a meta.NamespacedObjectReference slice with references to HelmRelease resources that must be ready before this HelmRelease can be reconciled.")),
            .field("timeout", .duration("Timeout is the time to wait for any individual Kubernetes operation (like Jobs for hooks) during the performance of a Helm action. Defaults to '5m0s'.")),
            .field("maxHistory", .integer("MaxHistory is the number of revisions saved by Helm for this HelmRelease. Use '0' for an unlimited number of revisions; defaults to '5'.")),
            .field("serviceAccountName", .string("The name of the Kubernetes service account to impersonate when reconciling this HelmRelease.").withLength(min: 1, max: 253)),
            .field("persistentClient", .boolean("PersistentClient tells the controller to use a persistent Kubernetes client for this release. If not set, it defaults to true.")),
            .field("driftDetection", .ref(DriftDetection.self, "DriftDetection holds the configuration for detecting and handling differences between the manifest in the Helm storage and the resources currently existing in the cluster.")),
            .field("install", .ref(HelmInstall.self, "Install holds the configuration for Helm install actions for this HelmRelease.")),
            .field("upgrade", .ref(HelmUpgrade.self, "Upgrade holds the configuration for Helm upgrade actions for this HelmRelease.")),
            .field("test", .ref(HelmTest.self, "Test holds the configuration for Helm test actions for this HelmRelease.")),
            .field("rollback", .ref(HelmRollback.self, "Rollback holds the configuration for Helm rollback actions for this HelmRelease.")),
            .field("uninstall", .ref(HelmUninstall.self, "Uninstall holds the configuration for Helm uninstall actions for this HelmRelease.")),
            .field("valuesFrom", .array(of: .ref(ValuesReference.self), "ValuesFrom holds references to resources containing Helm values for this HelmRelease, and information about how they should be merged.")),
            .field("values", .json("Values holds the values for this Helm release.")),
            .field("postRenderers", .array(of: .ref(HelmPostRenderer.self), "PostRenderers holds an array of Helm PostRenderers, which will be applied in order of their definition.")),
        ])
            .withValidation(rule: "(has(self.chart) && !has(self.chartRef)) || (!has(self.chart) && has(self.chartRef))",
                            message: "either chart or chartRef must be set")
    }
}
