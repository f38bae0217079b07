import SluiceAPI
import SluiceCore
import SluiceHelm
import SluiceRuntime
import Testing
@testable import HelmController

/// Flux's `DetermineReleaseState` and the bookkeeping around it, on hand-made release records: which state a stored
/// release is in for a HelmRelease, how history is kept, which `Ready` the release conditions make.
@Suite struct HelmReleaseStateTests {
    static let valuesDigest = "sha256:aaaa"

    static func record(version: Int, status: HelmReleaseStatusValue, chartVersion: String = "1.0.0", hooks: [HelmReleaseHook] = [],
                       config: JSONObject = ["replicas": 2]) -> HelmReleaseRecord
    {
        HelmReleaseRecord(name: "podinfo", info: HelmReleaseInfo(firstDeployed: "2026-12-06T05:00:00.123456789Z",
                                                                 lastDeployed: "2026-12-06T05:00:0\(version).5Z", status: status),
                          chart: .object(["metadata": .object(["name": "podinfo", "version": .string(chartVersion), "appVersion": "6.5.4"])]),
                          config: config, manifest: "---\n# Source: podinfo/templates/cm.yaml\nkind: ConfigMap\n", hooks: hooks,
                          version: version, namespace: "apps")
    }

    static func object(history: [HelmReleaseSnapshot] = [], test: HelmTest? = nil, generation: Int64 = 1, observedGeneration: Int64 = 1,
                       upgrade: HelmUpgrade? = nil, lastAction: String? = nil, upgradeFailures: Int64? = nil) -> HelmRelease
    {
        var metadata = ObjectMeta(name: "podinfo", namespace: "apps")
        metadata.generation = generation
        var spec = HelmReleaseSpec(chartRef: CrossNamespaceSourceReference(kind: "OCIRepository", name: "podinfo"), interval: GoDuration("10m")!)
        spec.test = test
        spec.upgrade = upgrade
        return HelmRelease(metadata: metadata, spec: spec,
                           status: HelmReleaseStatus(observedGeneration: observedGeneration, history: history.isEmpty ? nil : history,
                                                     lastAttemptedReleaseAction: lastAction, upgradeFailures: upgradeFailures))
    }

    static func snapshot(_ record: HelmReleaseRecord, configDigest: String = valuesDigest) -> HelmReleaseSnapshot {
        ReleaseObservation(record).snapshot(configDigest: configDigest, action: "install")
    }

    static func state(_ object: HelmRelease, last: HelmReleaseRecord?, chartVersion: String = "1.0.0", drifted: Bool = false) async throws
        -> HelmReleaseState
    {
        let inputs = HelmReleaseState.Inputs(last: last, chartName: "podinfo", chartVersion: chartVersion, valuesDigest: valuesDigest,
                                             postRenderersDigest: "")
        return try await HelmReleaseState.determine(object, inputs) { drifted }
    }

    @Test func nothingStoredIsAbsent() async throws {
        #expect(try await Self.state(Self.object(), last: nil) == HelmReleaseState(status: .absent, reason: "no release in storage for object"))
    }

    @Test func aPendingRevisionIsLockedWhateverTheHistory() async throws {
        let pending = Self.record(version: 2, status: .pendingUpgrade)
        #expect(try await Self.state(Self.object(), last: pending).status == .locked)
        #expect(try await Self.state(Self.object(), last: pending).reason == "release with status 'pending-upgrade'")
    }

    @Test func aReleaseThisObjectDidNotMakeIsUnmanaged() async throws {
        let deployed = Self.record(version: 1, status: .deployed)
        #expect(try await Self.state(Self.object(), last: deployed).status == .unmanaged)
        #expect(try await Self.state(Self.object(), last: Self.record(version: 1, status: .uninstalled)).status == .absent)
        // A revision changed in storage since it was observed (here by `helm upgrade` out of band) is not trusted.
        let observed = Self.snapshot(deployed)
        var edited = deployed
        edited.config = ["replicas": 3]
        let state = try await Self.state(Self.object(history: [observed]), last: edited)
        #expect(state == HelmReleaseState(status: .unmanaged, reason: "release not observed to be made for object"))
    }

    @Test func aDeployedReleaseIsInSyncUntilChartValuesOrPostRenderersChange() async throws {
        let deployed = Self.record(version: 1, status: .deployed)
        let object = Self.object(history: [Self.snapshot(deployed)])
        #expect(try await Self.state(object, last: deployed).status == .inSync)
        #expect(try await Self.state(object, last: deployed, chartVersion: "1.1.0") == HelmReleaseState(status: .outOfSync, reason: "release chart changed"))
        let otherValues = Self.object(history: [Self.snapshot(deployed, configDigest: "sha256:bbbb")])
        #expect(try await Self.state(otherValues, last: deployed) == HelmReleaseState(status: .outOfSync, reason: "release config values changed"))
        var newGeneration = Self.object(history: [Self.snapshot(deployed)], generation: 2, observedGeneration: 1)
        newGeneration.spec.postRenderers = [HelmPostRenderer()]
        let inputs = HelmReleaseState.Inputs(last: deployed, chartName: "podinfo", chartVersion: "1.0.0", valuesDigest: Self.valuesDigest,
                                             postRenderersDigest: "sha256:pr")
        #expect(try await HelmReleaseState.determine(newGeneration, inputs) { false }.reason == "postrenderers digest has changed")
    }

    @Test func driftIsLookedForOnlyWhenEnabledAndInSync() async throws {
        let deployed = Self.record(version: 1, status: .deployed)
        var object = Self.object(history: [Self.snapshot(deployed)])
        #expect(try await Self.state(object, last: deployed, drifted: true).status == .inSync)
        object.spec.driftDetection = DriftDetection(mode: "warn")
        #expect(try await Self.state(object, last: deployed, drifted: true).status == .drifted)
        #expect(try await Self.state(object, last: deployed, drifted: false).status == .inSync)
    }

    @Test func testsEnabledMakeAnUntestedReleaseAndAFailedTestCountsUnlessIgnored() async throws {
        let deployed = Self.record(version: 1, status: .deployed)
        var tested = Self.snapshot(deployed)
        let object = Self.object(history: [tested], test: HelmTest(enable: true))
        #expect(try await Self.state(object, last: deployed).status == .untested)
        tested.testHooks = ["podinfo-test": HelmTestHookStatus(phase: "Failed")]
        let failed = Self.object(history: [tested], test: HelmTest(enable: true), lastAction: "upgrade")
        #expect(try await Self.state(failed, last: deployed) == HelmReleaseState(status: .failed, reason: "release has test in failed phase"))
        let ignored = Self.object(history: [tested], test: HelmTest(enable: true, ignoreFailures: true), lastAction: "upgrade")
        #expect(try await Self.state(ignored, last: deployed).status == .inSync)
    }

    @Test func aFailedRevisionIsFailed() async throws {
        let failed = Self.record(version: 2, status: .failed)
        #expect(try await Self.state(Self.object(history: [Self.snapshot(failed)]), last: failed).status == .failed)
    }

    @Test func testHooksDoNotChangeTheDigestAndFiltersSelectTests() {
        let test = HelmReleaseHook(name: "podinfo-test", kind: "Pod", path: "t.yaml", manifest: "kind: Pod", events: ["test"],
                                   lastRun: HelmHookExecution(phase: "Succeeded"))
        let other = HelmReleaseHook(name: "smoke", kind: "Pod", path: "s.yaml", manifest: "kind: Pod", events: ["test"])
        let plain = Self.record(version: 1, status: .deployed)
        let withTests = Self.record(version: 1, status: .deployed, hooks: [test, other])
        #expect(ReleaseObservation(plain).digest == ReleaseObservation(withTests).digest)
        #expect(ReleaseObservation(plain).digest.hasPrefix("sha256:"))
        #expect(ReleaseObservation(plain).digest != ReleaseObservation(Self.record(version: 1, status: .superseded)).digest)
        #expect(ReleaseObservation.testHooks(of: withTests, filters: []).keys.sorted() == ["podinfo-test", "smoke"])
        #expect(ReleaseObservation.testHooks(of: withTests, filters: [HelmTestFilter(name: "smoke")]).keys.sorted() == ["smoke"])
        #expect(ReleaseObservation.testHooks(of: withTests, filters: [HelmTestFilter(name: "smoke", exclude: true)]).keys.sorted() == ["podinfo-test"])
        #expect(ReleaseObservation.testHooks(of: withTests, filters: [])["podinfo-test"]?.phase == "Succeeded")
    }

    @Test func snapshotsCarryTheRecord() {
        let snapshot = ReleaseObservation(Self.record(version: 3, status: .deployed), ociDigest: "sha256:oci").snapshot(configDigest: "sha256:c", action: "upgrade")
        #expect(snapshot.fullReleaseName == "apps/podinfo.v3")
        #expect(snapshot.versionedChartName == "podinfo@1.0.0")
        #expect(snapshot.appVersion == "6.5.4")
        #expect(snapshot.action == "upgrade")
        #expect(snapshot.ociDigest == "sha256:oci")
        #expect(snapshot.firstDeployed == "2026-12-06T05:00:00.123456789Z")
        #expect(snapshot.apiVersion == "v2")
    }

    @Test func historyKeepsBackToThePreviousDeployedRelease() {
        func snap(_ version: Int, _ status: String, failedTest: Bool = false) -> HelmReleaseSnapshot {
            var snapshot = Self.snapshot(Self.record(version: version, status: HelmReleaseStatusValue(rawValue: status)!))
            if failedTest { snapshot.testHooks = ["t": HelmTestHookStatus(phase: "Failed")] }
            return snapshot
        }
        var history = [snap(1, "superseded"), snap(2, "superseded", failedTest: true), snap(3, "failed"), snap(4, "failed")]
        #expect(history.latest?.version == 4)
        #expect(history.previous(ignoringTests: false)?.version == 1)
        #expect(history.previous(ignoringTests: true)?.version == 2)
        history.truncate(ignoringTests: true)
        #expect(history.map(\.version) == [4, 3, 2])
        var failures = (1...7).map { snap($0, "failed") }
        failures.truncate(ignoringTests: false)
        #expect(failures.map(\.version) == [7, 6, 5, 4, 3])
        #expect([snap(1, "deployed")].previous(ignoringTests: false) == nil)
        #expect(snap(1, "deployed").hasBeenTested == false)
        var noTests = snap(1, "deployed")
        noTests.testHooks = [:]
        #expect(noTests.hasBeenTested)
        var running = snap(1, "deployed")
        running.testHooks = ["a": HelmTestHookStatus(phase: "Succeeded"), "b": HelmTestHookStatus(phase: "Running")]
        #expect(!running.hasBeenTested)
    }

    @Test func releaseNamesAreShortenedAsFluxDoes() {
        var object = Self.object()
        #expect(HelmReleaseTarget(object) == HelmReleaseTarget(name: "podinfo", namespace: "apps", storageNamespace: "apps"))
        object.spec.targetNamespace = "prod"
        object.spec.storageNamespace = "flux-system"
        #expect(HelmReleaseTarget(object) == HelmReleaseTarget(name: "prod-podinfo", namespace: "prod", storageNamespace: "flux-system"))
        let long = String(repeating: "a", count: 60)
        let short = HelmReleaseTarget.shorten(long)
        #expect(short.count == 53)
        // Flux's ShortenName: the first 40 characters, a dash, 12 hex digits of the name's SHA-256.
        #expect(short == String(repeating: "a", count: 40) + "-" + "11ee391211c6")
        #expect(HelmReleaseTarget.shorten(String(repeating: "b", count: 53)) == String(repeating: "b", count: 53))
    }

    @Test func readyMirrorsRemediatedThenTestsThenReleased() {
        var object = Self.object()
        var conditions = Conditions(generation: 1)
        conditions.markTrue(ConditionType.released, reason: "UpgradeSucceeded", message: "upgraded")
        #expect(HelmReleaseReconciler.summarizedReady(object, conditions)?.reason == "UpgradeSucceeded")
        #expect(HelmReleaseReconciler.summarizedReady(object, conditions)?.status == .true)
        conditions.markFalse(ConditionType.testSuccess, reason: "TestFailed", message: "tests failed")
        #expect(HelmReleaseReconciler.summarizedReady(object, conditions)?.reason == "UpgradeSucceeded")
        object.spec.test = HelmTest(enable: true)
        #expect(HelmReleaseReconciler.summarizedReady(object, conditions)?.reason == "TestFailed")
        object.spec.test = HelmTest(enable: true, ignoreFailures: true)
        #expect(HelmReleaseReconciler.summarizedReady(object, conditions)?.reason == "UpgradeSucceeded")
        conditions.markTrue(ConditionType.remediated, reason: "RollbackSucceeded", message: "rolled back")
        let ready = HelmReleaseReconciler.summarizedReady(object, conditions)
        #expect(ready?.reason == "RollbackSucceeded")
        #expect(ready?.status == .false)
    }

    @Test func forceAndResetRequestsAreHandledOnceAndOnlyWithTheirReconcileRequest() {
        var object = Self.object()
        object.metadata.annotations = [FluxAnnotations.reconcileRequest: "t1", FluxAnnotations.forceRequest: "t1"]
        #expect(HelmReleaseReconciler.handleRequest(&object, annotation: FluxAnnotations.forceRequest, handled: \.lastHandledForceAt))
        #expect(object.status?.lastHandledForceAt == "t1")
        #expect(!HelmReleaseReconciler.handleRequest(&object, annotation: FluxAnnotations.forceRequest, handled: \.lastHandledForceAt))
        object.metadata.annotations = [FluxAnnotations.reconcileRequest: "t2", FluxAnnotations.resetRequest: "t3"]
        #expect(!HelmReleaseReconciler.handleRequest(&object, annotation: FluxAnnotations.resetRequest, handled: \.lastHandledResetAt))
        #expect(object.status?.lastHandledResetAt == "t3")
    }

    @Test func failureCountsResetOnANewGenerationChartValuesOrRequest() {
        var object = Self.object(generation: 2)
        HelmReleaseReconciler.updateStatus(&object) { status in
            status.lastAttemptedGeneration = 2
            status.lastAttemptedRevision = "1.0.0"
            status.lastAttemptedConfigDigest = Self.valuesDigest
        }
        #expect(HelmReleaseReconciler.failureResetReason(&object, chartVersion: "1.0.0", valuesDigest: Self.valuesDigest) == nil)
        #expect(HelmReleaseReconciler.failureResetReason(&object, chartVersion: "1.0.1", valuesDigest: Self.valuesDigest)
            == "chart version differs from last attempt")
        #expect(HelmReleaseReconciler.failureResetReason(&object, chartVersion: "1.0.0", valuesDigest: "sha256:new")
            == "values differ from last attempt")
        object.metadata.annotations = [FluxAnnotations.reconcileRequest: "r", FluxAnnotations.resetRequest: "r"]
        #expect(HelmReleaseReconciler.failureResetReason(&object, chartVersion: "1.0.0", valuesDigest: Self.valuesDigest)
            == "reset requested through annotation")
        object.metadata.generation = 3
        #expect(HelmReleaseReconciler.failureResetReason(&object, chartVersion: "1.0.0", valuesDigest: Self.valuesDigest)
            == "generation differs from last attempt")
    }

    @Test func remediationSettingsFollowFluxDefaults() {
        var object = Self.object(lastAction: "upgrade", upgradeFailures: 1)
        var remediation = HelmRemediation.active(for: object)
        #expect(remediation?.strategy == "rollback")
        #expect(remediation?.retriesExhausted(object) == true)
        #expect(remediation?.mustRemediateLastFailure == false)
        object.spec.upgrade = HelmUpgrade(remediation: HelmUpgradeRemediation(retries: 2))
        remediation = HelmRemediation.active(for: object)
        #expect(remediation?.retriesExhausted(object) == false)
        #expect(remediation?.mustRemediateLastFailure == true)
        object.spec.upgrade = HelmUpgrade(remediation: HelmUpgradeRemediation(retries: -1))
        HelmReleaseReconciler.updateStatus(&object) { $0.upgradeFailures = 100 }
        #expect(HelmRemediation.active(for: object)?.retriesExhausted(object) == false)
        #expect(HelmRemediation.install(object).strategy == "uninstall")
        #expect(HelmReleaseReconciler.activeRetryInterval(object) == nil)
        object.spec.upgrade = HelmUpgrade(strategy: HelmUpgradeStrategy(name: "RetryOnFailure"))
        #expect(HelmReleaseReconciler.activeRetryInterval(object) == .seconds(300))
        object.spec.upgrade = HelmUpgrade(strategy: HelmUpgradeStrategy(name: "RetryOnFailure", retryInterval: GoDuration("1m")))
        #expect(HelmReleaseReconciler.activeRetryInterval(object) == .seconds(60))
        #expect(HelmReleaseReconciler.goString(.seconds(300)) == "5m0s")
    }

    @Test func installAndUpgradeRequestsCarryTheirSpec() {
        var object = Self.object()
        object.spec.install = HelmInstall(replace: true, crds: "CreateReplace")
        object.spec.upgrade = HelmUpgrade(force: true, cleanupOnFail: true)
        let chart = SluiceHelm.HelmChart(metadata: ChartMetadata(["name": "demo", "version": "1.0.0"]))
        let target = HelmReleaseTarget(object)
        let install = HelmReleaseReconciler.actionRequest(object, target: target, chart: chart, work: HelmReleaseWork(), upgrade: false)
        #expect(install.replace)
        #expect(install.crds == .createReplace)
        #expect(install.serverSideApply == true)
        let upgrade = HelmReleaseReconciler.actionRequest(object, target: target, chart: chart, work: HelmReleaseWork(), upgrade: true)
        #expect(!upgrade.replace)
        #expect(upgrade.force && upgrade.cleanupOnFail)
        #expect(upgrade.crds == .skip)
    }
}
