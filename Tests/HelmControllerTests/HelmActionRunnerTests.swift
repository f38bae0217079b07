import Foundation
import SluiceCore
import SluiceTestSupport
import Testing
@testable import HelmController

/// Helm's actions against a real `sluice cluster serve`, checked with the real kubectl.
@Suite(.enabled(if: BuiltExecutables.kubectl != nil, "kubectl is not installed; these tests drive the real kubectl"))
struct HelmActionRunnerTests {
    @Test func installUpgradeRollbackUninstall() async throws {
        let bed = try await HelmActionTestBed.start()
        defer { bed.stop() }

        // Install: CRD first (so .Capabilities sees it and the Widget can be applied), hooks around the objects.
        let installed = try await bed.runner.install(try bed.request())
        #expect(installed.version == 1)
        #expect(installed.info.status == .deployed)
        #expect(installed.info.description == "Install complete")
        #expect(installed.info.notes == "demo is installed as revision 1.\n")
        #expect(installed.applyMethod == "ssa")
        #expect(installed.manifest.hasPrefix("---\n# Source: hooked/templates/configmap.yaml\napiVersion: v1\nkind: ConfigMap\n"))
        #expect(try await bed.get("configmap/demo-config", "{.data}") == #"{"revision":"1","upgrade":"false","widgets":"true"}"#)
        #expect(try await bed.get("configmap/demo-config", "{.metadata.labels.app\\.kubernetes\\.io/managed-by}") == "Helm")
        #expect(try await bed.get("deployment/demo-web", "{.metadata.annotations.meta\\.helm\\.sh/release-name}") == "demo")
        #expect(try await bed.get("deployment/demo-web", "{.metadata.annotations.meta\\.helm\\.sh/release-namespace}") == "apps")
        #expect(try await bed.get("deployment/demo-web", "{.status.readyReplicas}") == "1")
        #expect(try await bed.exists("widget/demo-widget"))
        #expect(try await bed.kubectl(["get", "crd", "widgets.example.com", "-o", "name"]).contains("widgets.example.com"))
        // The field manager is Flux's.
        #expect(try await bed.get("configmap/demo-config", "{.metadata.managedFields[*].manager}").contains("helm-controller"))
        // Hooks: by weight; the ConfigMap hook stays (before-hook-creation), the succeeded Job is gone (hook-succeeded),
        // the post-install Job stays until its next run; hooks carry no release labels.
        let hooks = Dictionary(uniqueKeysWithValues: installed.hooks.map { ($0.name, $0) })
        #expect(hooks["demo-pre-marker"]?.lastRun.phase == "Succeeded")
        #expect(hooks["demo-migrate"]?.lastRun.phase == "Succeeded")
        #expect(hooks["demo-notify"]?.lastRun.phase == "Succeeded")
        #expect(hooks["demo-test-connection"]?.lastRun.phase == "Unknown")
        #expect(hooks["demo-pre-marker"]?.deletePolicies == ["before-hook-creation"])
        let markerStart = try #require(hooks["demo-pre-marker"]?.lastRun.startedAt.flatMap(Timestamp.parse))
        let migrateStart = try #require(hooks["demo-migrate"]?.lastRun.startedAt.flatMap(Timestamp.parse))
        let notifyStart = try #require(hooks["demo-notify"]?.lastRun.startedAt.flatMap(Timestamp.parse))
        #expect(markerStart <= migrateStart && migrateStart <= notifyStart)
        #expect(try await bed.exists("configmap/demo-pre-marker"))
        #expect(try await !bed.exists("job/demo-migrate"))
        #expect(try await bed.exists("job/demo-notify"))
        #expect(try await bed.get("configmap/demo-pre-marker", "{.metadata.labels}") == "")
        let markerUID = try await bed.get("configmap/demo-pre-marker", "{.metadata.uid}")

        // Installing again is refused.
        let again = await #expect(throws: HelmActionError.self) { try await bed.runner.install(try bed.request()) }
        #expect(again?.message == "release name check failed: cannot reuse a name that is still in use")

        // Upgrade: drops the extra and the kept ConfigMap from the chart; the first is deleted, the second kept.
        let upgraded = try await bed.runner.upgrade(try bed.request(values: ["extra": false, "kept": false]))
        #expect(upgraded.version == 2)
        #expect(upgraded.info.status == .deployed)
        #expect(upgraded.info.description == "Upgrade complete")
        #expect(upgraded.info.firstDeployed == installed.info.firstDeployed)
        #expect(try await bed.history() == ["1:superseded", "2:deployed"])
        #expect(try await bed.get("configmap/demo-config", "{.data.revision} {.data.upgrade}") == "2 true")
        #expect(try await !bed.exists("configmap/demo-extra"))
        #expect(try await bed.exists("configmap/demo-kept"))
        // The before-hook-creation hook was deleted and made anew.
        #expect(try await bed.get("configmap/demo-pre-marker", "{.metadata.uid}") != markerUID)
        #expect(try await bed.get("configmap/demo-pre-marker", "{.data.revision}") == "2")

        // Rollback to the first revision, as a new revision.
        let rolledBack = try await bed.runner.rollback(releaseName: "demo", toVersion: 1, timeout: .seconds(60))
        #expect(rolledBack.version == 3)
        #expect(rolledBack.info.description == "Rollback to 1")
        #expect(rolledBack.info.status == .deployed)
        #expect(try await bed.history() == ["1:superseded", "2:superseded", "3:deployed"])
        #expect(try await bed.exists("configmap/demo-extra"))
        #expect(try await bed.get("configmap/demo-config", "{.data.revision}") == "1")

        // Uninstall: the pre-delete hook runs, the objects go (the kept one stays), the history is removed.
        let uninstalled = try #require(try await bed.runner.uninstall(releaseName: "demo", timeout: .seconds(60)))
        #expect(uninstalled.info.status == .uninstalled)
        #expect(uninstalled.info.description == "Uninstallation complete")
        #expect(try await bed.history() == [])
        for gone in ["configmap/demo-config", "configmap/demo-extra", "deployment/demo-web", "widget/demo-widget"] {
            #expect(try await !bed.exists(gone), "\(gone) is left")
        }
        #expect(try await bed.exists("configmap/demo-kept"))
        #expect(try await bed.exists("configmap/demo-goodbye"))
        // The CRD is not the release's to delete (crds/ are never removed by Helm).
        #expect(try await bed.kubectl(["get", "crd", "widgets.example.com", "-o", "name"]).contains("widgets.example.com"))
        #expect(try await bed.runner.uninstall(releaseName: "demo", timeout: .seconds(60)) == nil)
    }

    @Test func failedPreInstallHookFailsTheInstallBeforeAnyObject() async throws {
        let bed = try await HelmActionTestBed.start()
        defer { bed.stop() }
        let error = await #expect(throws: HelmActionError.self) {
            try await bed.runner.install(try bed.request(values: ["failHook": true]))
        }
        #expect(error?.message == "failed pre-install: failed early due to stalled resources: "
            + "[Job/apps/demo-migrate status: 'Failed': Job has reached the specified backoff limit]")
        let failed = try #require(error?.release)
        #expect(failed.info.status == .failed)
        #expect(failed.info.description == "Release \"demo\" failed: " + (error?.message ?? ""))
        #expect(failed.hooks.first { $0.name == "demo-migrate" }?.lastRun.phase == "Failed")
        #expect(failed.hooks.first { $0.name == "demo-pre-marker" }?.lastRun.phase == "Succeeded")
        #expect(try await bed.history() == ["1:failed"])
        // The failed Job has no hook-failed policy: it is left for inspection; the release's objects were never applied.
        #expect(try await bed.exists("job/demo-migrate"))
        #expect(try await !bed.exists("configmap/demo-config"))
        // A failed release can be upgraded (Helm upgrades from the failed revision).
        let fixed = try await bed.runner.upgrade(try bed.request())
        #expect(fixed.version == 2)
        #expect(try await bed.history() == ["1:superseded", "2:deployed"])
        #expect(try await bed.exists("configmap/demo-config"))
    }

    @Test func failedWaitRecordsTheRevisionFailedAndCleansUpOnFail() async throws {
        let bed = try await HelmActionTestBed.start()
        defer { bed.stop() }
        _ = try await bed.runner.install(try bed.request())
        // A Deployment that reports ProgressDeadlineExceeded fails the wait at once (kstatus: Failed).
        var request = try bed.request(values: ["failDeployment": true])
        request.cleanupOnFail = true
        let error = await #expect(throws: HelmActionError.self) { try await bed.runner.upgrade(request) }
        #expect(error?.message.hasPrefix("failed: [Deployment/apps/demo-web status: 'Failed'") == true, "\(error?.message ?? "")")
        #expect(error?.release?.info.status == .failed)
        #expect(error?.release?.info.description.hasPrefix("Upgrade \"demo\" failed: failed: [Deployment/apps/demo-web") == true)
        #expect(try await bed.history() == ["1:deployed", "2:failed"])

        // A StatefulSet that never becomes ready times out; cleanupOnFail deletes what the upgrade created.
        var stuck = try bed.request(values: ["stuckStatefulSet": true], timeout: .seconds(3))
        stuck.cleanupOnFail = true
        let timeout = await #expect(throws: HelmActionError.self) { try await bed.runner.upgrade(stuck) }
        #expect(timeout?.message.hasPrefix("timeout waiting for: [") == true, "\(timeout?.message ?? "")")
        #expect(timeout?.message.contains("StatefulSet/apps/demo-db status: 'InProgress'") == true)
        #expect(try await bed.history() == ["1:deployed", "2:failed", "3:failed"])
        #expect(try await !bed.exists("statefulset/demo-db"))
    }

    @Test func testHooksRunRecordTheirPhasesAndFailWithTheirCause() async throws {
        let bed = try await HelmActionTestBed.start()
        defer { bed.stop() }
        _ = try await bed.runner.install(try bed.request())
        let tested = try await bed.runner.test(releaseName: "demo", timeout: .seconds(60))
        let phases = Dictionary(uniqueKeysWithValues: tested.hooks.map { ($0.name, $0.lastRun.phase) })
        #expect(phases["demo-test-connection"] == "Succeeded")
        #expect(phases["demo-test-data"] == "Succeeded")
        #expect(try await bed.storage.get(name: "demo", version: 1)?.hooks.first { $0.name == "demo-test-data" }?.lastRun.phase == "Succeeded")
        // hook-succeeded deleted one Pod; the other (before-hook-creation) stays until the next run.
        #expect(try await bed.exists("pod/demo-test-connection"))
        #expect(try await !bed.exists("pod/demo-test-data"))

        // A filter runs only the named test.
        _ = try await bed.runner.upgrade(try bed.request(values: ["failTest": true]))
        let filtered = try await bed.runner.test(releaseName: "demo", timeout: .seconds(60), filters: [(name: "demo-test-data", exclude: true)])
        #expect(filtered.hooks.first { $0.name == "demo-test-connection" }?.lastRun.phase == "Succeeded")
        #expect(filtered.hooks.first { $0.name == "demo-test-data" }?.lastRun.phase == "Unknown")

        let error = await #expect(throws: HelmActionError.self) { try await bed.runner.test(releaseName: "demo", timeout: .seconds(60)) }
        #expect(error?.message.hasPrefix("failed early due to stalled resources: [Pod/apps/demo-test-data status: 'Failed'") == true,
                "\(error?.message ?? "")")
        #expect(error?.release?.hooks.first { $0.name == "demo-test-data" }?.lastRun.phase == "Failed")
        #expect(try await bed.storage.get(name: "demo", version: 2)?.hooks.first { $0.name == "demo-test-data" }?.lastRun.phase == "Failed")
        // The failed Pod has no hook-failed policy: it stays.
        #expect(try await bed.get("pod/demo-test-data", "{.status.phase}") == "Failed")
    }

    @Test func maxHistoryKeepsTheNewestRevisions() async throws {
        let bed = try await HelmActionTestBed.start()
        defer { bed.stop() }
        var request = try bed.request()
        request.maxHistory = 2
        request.disableHooks = true
        _ = try await bed.runner.install(request)
        for revision in 2...4 {
            request.values = ["revision": .int(Int64(revision))]
            _ = try await bed.runner.upgrade(request)
        }
        #expect(try await bed.history() == ["3:superseded", "4:deployed"])
    }

    @Test func objectsOfOtherOwnersAreTakenOverUnlessDisabled() async throws {
        let bed = try await HelmActionTestBed.start()
        defer { bed.stop() }
        try await bed.kubectl(["-n", "apps", "create", "configmap", "demo-config", "--from-literal=owner=someone"])
        var request = try bed.request()
        request.disableTakeOwnership = true
        let error = await #expect(throws: HelmActionError.self) { try await bed.runner.install(request) }
        #expect(error?.message == """
            unable to continue with install: ConfigMap "demo-config" in namespace "apps" exists and cannot be imported into the \
            current release: invalid ownership metadata; label validation error: missing key "app.kubernetes.io/managed-by": \
            must be set to "Helm"; annotation validation error: missing key "meta.helm.sh/release-name": must be set to "demo"; \
            annotation validation error: missing key "meta.helm.sh/release-namespace": must be set to "apps"
            """)
        #expect(error?.release == nil)
        #expect(try await bed.history() == [])
        // Flux's default takes the object over.
        _ = try await bed.runner.install(try bed.request())
        #expect(try await bed.get("configmap/demo-config", "{.metadata.labels.app\\.kubernetes\\.io/managed-by}") == "Helm")
        #expect(try await bed.get("configmap/demo-config", "{.data.revision}") == "1")
    }
}
