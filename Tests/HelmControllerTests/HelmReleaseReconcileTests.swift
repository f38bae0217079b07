import Foundation
import SluiceAPI
import SluiceCore
import SluiceKube
import SluiceRuntime
import SluiceStore
import SluiceTestSupport
import Testing
@testable import HelmController

/// The whole HelmRelease reconciler through the real `Controller`, against a real cluster, store and release storage:
/// install, upgrade on new values, a failed upgrade remediated by rollback, test hooks, uninstall on deletion, with
/// Flux's conditions, status and events.
@Suite(.serialized) struct HelmReleaseReconcileTests {
    static let configMap = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {{ .Release.Name }}-settings
        data:
          greeting: {{ .Values.greeting | default "hello" | quote }}
        """

    /// A ConfigMap whose name the server refuses: an upgrade to it fails after recording its revision.
    static let invalidConfigMap = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: Not_A_Valid_Name
        data: {}
        """

    static let testPod = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: {{ .Release.Name }}-test
          annotations:
            helm.sh/hook: test
        spec:
          restartPolicy: Never
          containers:
          - name: test
            image: busybox
            command: ["true"]
        """

    static func helmRelease(values: String = "greeting: hi", extra: String = "") -> String {
        """
        apiVersion: helm.toolkit.fluxcd.io/v2
        kind: HelmRelease
        metadata:
          name: demo
          namespace: default
        spec:
          interval: 10m
          chartRef:
            kind: HelmChart
            name: demo
          values:
            \(values)
        \(extra)
        """
    }

    static let helmChart = """
        apiVersion: source.toolkit.fluxcd.io/v1
        kind: HelmChart
        metadata:
          name: demo
          namespace: default
        spec:
          interval: 10m
          chart: demo
          sourceRef:
            kind: HelmRepository
            name: charts
        """

    /// The bed, a controller over it, and the chart `demo` at `version` published as the HelmChart's artifact.
    static func start(version: String = "1.0.0", templates: [String: String] = ["templates/configmap.yaml": configMap]) async throws
        -> (HelmInputsTestBed, Controller<HelmReleaseReconciler>)
    {
        let bed = try await HelmInputsTestBed.start()
        try await bed.apply(helmChart)
        try await publish(bed, version: version, templates: templates)
        let controller = Controller(reconciler: bed.reconciler(), api: bed.api, store: bed.store,
                                    events: EventRecorder(store: bed.store, controller: "helm-controller", instance: "test", logger: bed.logger),
                                    metrics: ControllerMetrics(), logger: bed.logger)
        return (bed, controller)
    }

    static func publish(_ bed: HelmInputsTestBed, version: String, templates: [String: String]) async throws {
        try await bed.publishArtifact(kind: "HelmChart", name: "demo", revision: version,
                                      content: HelmInputsTestBed.chartArchive(name: "demo", version: version, files: templates))
    }

    static let key = ObjectKey(namespace: "default", name: "demo")

    static func condition(_ object: HelmRelease, _ type: String) -> Condition? {
        object.conditions.first { $0.type == type }
    }

    @Test func installUpgradeAndUninstall() async throws {
        let (bed, controller) = try await Self.start()
        defer { bed.stop() }
        try await bed.apply(Self.helmRelease())

        var outcome = await controller.reconcile(Self.key)
        var object = try await bed.helmRelease("demo")
        #expect(outcome.isReady, "\(outcome.report)")
        #expect(Self.condition(object, "Ready")?.reason == "InstallSucceeded")
        #expect(Self.condition(object, "Ready")?.message == "Helm install succeeded for release default/demo.v1 with chart demo@1.0.0")
        #expect(Self.condition(object, "Released")?.status == .true)
        #expect(object.status?.history?.first?.status == "deployed")
        #expect(object.status?.history?.first?.version == 1)
        #expect(object.status?.history?.first?.action == "install")
        #expect(object.status?.lastAttemptedReleaseAction == "install")
        #expect(object.status?.lastAttemptedRevision == "1.0.0")
        #expect(object.status?.lastAttemptedConfigDigest == object.status?.history?.first?.configDigest)
        #expect(object.status?.storageNamespace == "default")
        #expect(object.status?.inventory?.entries.map(\.id) == ["default_demo-settings__ConfigMap"])
        let greeting = try await bed.cluster.kubectl(["get", "configmap", "demo-settings", "-o", "jsonpath={.data.greeting}"])
        #expect(greeting == "hi")
        let secrets = try await bed.cluster.kubectl(["get", "secrets", "-l", "owner=helm,name=demo", "-o", "name"])
        #expect(secrets.contains("secret/sh.helm.release.v1.demo.v1"))
        let events = try bed.store.events(limit: 50).filter { $0.reason == "InstallSucceeded" }
        #expect(events.first?.metadata?["helm.toolkit.fluxcd.io/revision"] == "1.0.0")
        #expect(events.first?.metadata?["helm.toolkit.fluxcd.io/token"] == object.status?.lastAttemptedConfigDigest)

        // Nothing changed: no new revision.
        outcome = await controller.reconcile(Self.key)
        #expect(outcome.isReady, "\(outcome.report)")
        #expect(try await bed.helmRelease("demo").status?.history?.first?.version == 1)

        // New values: an upgrade to revision 2.
        try await bed.apply(Self.helmRelease(values: "greeting: bonjour"))
        outcome = await controller.reconcile(Self.key)
        object = try await bed.helmRelease("demo")
        #expect(outcome.isReady, "\(outcome.report)")
        #expect(Self.condition(object, "Ready")?.message == "Helm upgrade succeeded for release default/demo.v2 with chart demo@1.0.0")
        #expect(object.status?.history?.map(\.version) == [2, 1])
        #expect(object.status?.history?.map(\.status) == ["deployed", "superseded"])
        #expect(try await bed.cluster.kubectl(["get", "configmap", "demo-settings", "-o", "jsonpath={.data.greeting}"]) == "bonjour")

        // Deletion uninstalls: the objects and the storage go.
        try await bed.cluster.kubectl(["delete", "helmrelease", "demo", "--wait=false"])
        outcome = await controller.reconcile(Self.key)
        #expect(outcome == .finalized, "\(outcome.report)")
        let left = try await bed.cluster.kubectl(["get", "configmaps,secrets", "-l", "owner=helm", "-o", "name"])
        #expect(!left.contains("sh.helm.release.v1.demo"))
        #expect(try await bed.api.get(GroupVersionKind(group: "", version: "v1", kind: "ConfigMap"), namespace: "default", name: "demo-settings") == nil)
        #expect(try bed.store.events(limit: 50).contains { $0.reason == "UninstallSucceeded" })
    }

    @Test func aFailedUpgradeIsRemediatedByRollback() async throws {
        let (bed, controller) = try await Self.start()
        defer { bed.stop() }
        try await bed.apply(Self.helmRelease(extra: """
              upgrade:
                remediation:
                  retries: 1
            """))
        var outcome = await controller.reconcile(Self.key)
        #expect(outcome.isReady, "\(outcome.report)")

        try await Self.publish(bed, version: "1.1.0", templates: ["templates/configmap.yaml": Self.configMap, "templates/bad.yaml": Self.invalidConfigMap])
        outcome = await controller.reconcile(Self.key)
        var object = try await bed.helmRelease("demo")
        // The upgrade failed (revision 2) and was rolled back (revision 3): Remediated, and Ready is false until the
        // retry.
        #expect(Self.condition(object, "Released")?.reason == "UpgradeFailed")
        #expect(Self.condition(object, "Remediated")?.reason == "RollbackSucceeded")
        #expect(Self.condition(object, "Remediated")?.message == "Helm rollback to previous release default/demo.v1 with chart demo@1.0.0 succeeded")
        #expect(Self.condition(object, "Ready")?.status == .false)
        #expect(Self.condition(object, "Ready")?.reason == "RollbackSucceeded")
        #expect(object.status?.upgradeFailures == 1)
        #expect(object.status?.history?.first?.version == 3)
        #expect(object.status?.history?.first?.status == "deployed")
        #expect(object.status?.history?.first?.chartVersion == "1.0.0")
        let events = try bed.store.events(limit: 100).map(\.reason)
        #expect(events.contains("UpgradeFailed"))
        #expect(events.contains("RollbackSucceeded"))

        // The retry fails again: no retries remain, the rollback is the last remediation and the object stalls.
        outcome = await controller.reconcile(Self.key)
        object = try await bed.helmRelease("demo")
        #expect(Self.condition(object, "Stalled")?.status == .true, "\(outcome.report)")
        #expect(object.status?.upgradeFailures == 2)
        #expect(try await bed.cluster.kubectl(["get", "configmap", "demo-settings", "-o", "jsonpath={.data.greeting}"]) == "hi")

        // A fixed chart is a new attempt: the counters reset and the upgrade succeeds.
        try await Self.publish(bed, version: "1.2.0", templates: ["templates/configmap.yaml": Self.configMap])
        outcome = await controller.reconcile(Self.key)
        object = try await bed.helmRelease("demo")
        #expect(outcome.isReady, "\(outcome.report)")
        #expect(Self.condition(object, "Ready")?.reason == "UpgradeSucceeded")
        #expect(object.status?.upgradeFailures == nil)
        #expect(Self.condition(object, "Stalled") == nil)
        #expect(Self.condition(object, "Remediated") == nil)
    }

    @Test func testHooksRunAfterInstall() async throws {
        let (bed, controller) = try await Self.start(templates: ["templates/configmap.yaml": Self.configMap, "templates/tests/test.yaml": Self.testPod])
        defer { bed.stop() }
        try await bed.apply(Self.helmRelease(extra: """
              test:
                enable: true
            """))
        let outcome = await controller.reconcile(Self.key)
        let object = try await bed.helmRelease("demo")
        #expect(outcome.isReady, "\(outcome.report)")
        #expect(Self.condition(object, "TestSuccess")?.status == .true)
        #expect(Self.condition(object, "Ready")?.reason == "TestSucceeded")
        #expect(Self.condition(object, "Ready")?.message
            == "Helm test succeeded for release default/demo.v1 with chart demo@1.0.0: 1 test hook completed successfully")
        #expect(object.status?.history?.first?.testHooks?["demo-test"]?.phase == "Succeeded")
        #expect(try bed.store.events(limit: 50).contains { $0.reason == "TestSucceeded" })
    }

    @Test func driftIsDetectedAndCorrected() async throws {
        let (bed, controller) = try await Self.start()
        defer { bed.stop() }
        try await bed.apply(Self.helmRelease(extra: """
              driftDetection:
                mode: enabled
            """))
        var outcome = await controller.reconcile(Self.key)
        #expect(outcome.isReady, "\(outcome.report)")
        #expect(Self.condition(try await bed.helmRelease("demo"), "Drifted")?.reason == "NoDriftDetected")
        #expect(try bed.store.events(limit: 50).contains { $0.reason == "DriftDetected" } == false)

        try await bed.cluster.kubectl(["delete", "configmap", "demo-settings"])
        outcome = await controller.reconcile(Self.key)
        let object = try await bed.helmRelease("demo")
        #expect(outcome.isReady, "\(outcome.report)")
        // As in Flux, the loop looks again after correcting: the cluster matches, so the reconcile ends without drift.
        #expect(Self.condition(object, "Drifted")?.reason == "NoDriftDetected")
        #expect(object.status?.history?.first?.version == 1)
        #expect(try await bed.cluster.kubectl(["get", "configmap", "demo-settings", "-o", "jsonpath={.data.greeting}"]) == "hi")
        let events = try bed.store.events(limit: 50)
        #expect(events.first { $0.reason == "DriftDetected" }?.message
            == "Cluster state of release default/demo.v1 has drifted from the desired state:\nConfigMap/default/demo-settings removed")
        #expect(events.contains { $0.reason == "DriftCorrected" })

    }

    @Test func aFailedInstallIsUninstalledAndRetried() async throws {
        let (bed, controller) = try await Self.start(templates: ["templates/bad.yaml": Self.invalidConfigMap])
        defer { bed.stop() }
        try await bed.apply(Self.helmRelease(extra: """
              install:
                remediation:
                  retries: 1
            """))
        let outcome = await controller.reconcile(Self.key)
        let object = try await bed.helmRelease("demo")
        #expect(!outcome.isReady)
        #expect(Self.condition(object, "Released")?.reason == "InstallFailed")
        #expect(Self.condition(object, "Released")?.message.hasPrefix("Helm install failed for release default/demo with chart demo@1.0.0: ") == true)
        #expect(Self.condition(object, "Remediated")?.reason == "UninstallSucceeded")
        #expect(object.status?.installFailures == 1)
        #expect(object.status?.failures == 1)
        #expect(object.status?.history?.first?.status == "uninstalled")
        #expect(try await bed.cluster.kubectl(["get", "secrets", "-l", "owner=helm,name=demo", "-o", "name"]).isEmpty)
    }

    @Test func forceAndResetRequestsAreHonouredOnce() async throws {
        let (bed, controller) = try await Self.start()
        defer { bed.stop() }
        try await bed.apply(Self.helmRelease())
        var outcome = await controller.reconcile(Self.key)
        #expect(outcome.isReady, "\(outcome.report)")

        // `flux reconcile hr --force`: an in-sync release is upgraded, once per token.
        try await bed.cluster.kubectl(["annotate", "--overwrite", "helmrelease", "demo",
                                       "reconcile.fluxcd.io/requestedAt=t1", "reconcile.fluxcd.io/forceAt=t1"])
        outcome = await controller.reconcile(Self.key)
        var object = try await bed.helmRelease("demo")
        #expect(outcome.isReady, "\(outcome.report)")
        #expect(object.status?.history?.first?.version == 2)
        #expect(object.status?.history?.first?.action == "upgrade")
        #expect(object.status?.lastHandledForceAt == "t1")
        outcome = await controller.reconcile(Self.key)
        #expect(try await bed.helmRelease("demo").status?.history?.first?.version == 2)

        // A force token without the matching requestedAt is only marked handled.
        try await bed.cluster.kubectl(["annotate", "--overwrite", "helmrelease", "demo", "reconcile.fluxcd.io/forceAt=t2"])
        outcome = await controller.reconcile(Self.key)
        object = try await bed.helmRelease("demo")
        #expect(object.status?.history?.first?.version == 2)
        #expect(object.status?.lastHandledForceAt == "t2")
    }

    @Test func anOCIChartCarriesItsDigestIntoHistoryAndEvents() async throws {
        let bed = try await HelmInputsTestBed.start()
        defer { bed.stop() }
        let digest = "sha256:" + String(repeating: "ab", count: 32)
        try await bed.apply("""
            apiVersion: source.toolkit.fluxcd.io/v1
            kind: OCIRepository
            metadata:
              name: demo
              namespace: default
            spec:
              interval: 10m
              url: oci://registry.example/charts/demo
              ref:
                tag: 1.0.0
            """)
        try await bed.publishArtifact(kind: "OCIRepository", name: "demo", revision: "1.0.0@\(digest)",
                                      content: HelmInputsTestBed.chartArchive(name: "demo", version: "1.0.0",
                                                                              files: ["templates/configmap.yaml": Self.configMap]))
        try await bed.apply(Self.helmRelease().replacingOccurrences(of: "kind: HelmChart", with: "kind: OCIRepository"))
        let controller = Controller(reconciler: bed.reconciler(), api: bed.api, store: bed.store,
                                    events: EventRecorder(store: bed.store, controller: "helm-controller", instance: "test", logger: bed.logger),
                                    metrics: ControllerMetrics(), logger: bed.logger)
        let outcome = await controller.reconcile(Self.key)
        let object = try await bed.helmRelease("demo")
        #expect(outcome.isReady, "\(outcome.report)")
        // Flux marks the chart version with the digest's first 12 hex digits and keeps the digest.
        #expect(object.status?.lastAttemptedRevision == "1.0.0+abababababab")
        #expect(object.status?.lastAttemptedRevisionDigest == digest)
        #expect(object.status?.history?.first?.ociDigest == digest)
        #expect(object.status?.history?.first?.chartVersion == "1.0.0+abababababab")
        let event = try bed.store.events(limit: 50).first { $0.reason == "InstallSucceeded" }
        #expect(event?.metadata?["helm.toolkit.fluxcd.io/oci-digest"] == digest)
        #expect(event?.metadata?["helm.toolkit.fluxcd.io/revision"] == "1.0.0+abababababab")
    }

    @Test func aChartThatFailsToRenderIsANamedFailureWithoutARevision() async throws {
        let (bed, controller) = try await Self.start(templates: ["templates/broken.yaml": "{{ .Values.missing.field }}"])
        defer { bed.stop() }
        try await bed.apply(Self.helmRelease())
        let outcome = await controller.reconcile(Self.key)
        let object = try await bed.helmRelease("demo")
        guard case .reconciled(.failure(.generic(let reason, let message)), _) = outcome else {
            Issue.record("expected a failure to retry: \(outcome.report)")
            return
        }
        #expect(reason == "InstallFailed")
        #expect(message.hasPrefix("Helm install failed for release default/demo with chart demo@1.0.0: "))
        #expect(message.contains("broken.yaml"))
        #expect(Self.condition(object, "Ready")?.message == message)
        #expect(object.status?.failures == 1)
        // Nothing was recorded, so nothing counts against the install remediation and there is nothing to undo.
        #expect(object.status?.installFailures == nil)
        #expect(object.status?.history == nil)
        #expect(try await bed.cluster.kubectl(["get", "secrets", "-l", "owner=helm", "-o", "name"]).isEmpty)
    }

    @Test func aDependencyNotReadyWaits() async throws {
        let (bed, controller) = try await Self.start()
        defer { bed.stop() }
        try await bed.apply(Self.helmRelease(extra: """
              dependsOn:
              - name: backend
            """))
        let outcome = await controller.reconcile(Self.key)
        let object = try await bed.helmRelease("demo")
        guard case .reconciled(.failure(.waiting(let reason, let message, _)), _) = outcome else {
            Issue.record("expected a wait: \(outcome.report)")
            return
        }
        #expect(reason == "DependencyNotReady")
        #expect(message == "unable to get 'default/backend' dependency: helmreleases.helm.toolkit.fluxcd.io \"backend\" not found")
        #expect(Self.condition(object, "Ready")?.reason == "DependencyNotReady")
        #expect(object.status?.history == nil)
    }

    @Test func neitherChartNorChartRefStalls() async throws {
        let (bed, controller) = try await Self.start()
        defer { bed.stop() }
        // The CRD refuses it; an object stored before that rule (or by a client skipping validation) still stalls.
        var none = HelmRelease(metadata: ObjectMeta(name: "demo", namespace: "default"), spec: HelmReleaseSpec(interval: GoDuration("10m")!))
        var conditions = Conditions(generation: 1)
        #expect(throws: ReconcileError.stalling(reason: "ReconciliationFailed", message: "invalid Chart reference: neither spec.chart nor spec.chartRef is set")) {
            try controller.reconciler.reconcileSpec(&none, &conditions, bed.context)
        }
    }
}
