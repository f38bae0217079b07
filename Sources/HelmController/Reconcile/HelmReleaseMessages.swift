import Foundation
import Logging
import SluiceAPI
import SluiceCore
import SluiceKube
import SluiceRuntime
import SluiceStore

/// The condition and event messages of the release actions, in Flux's words.
enum HelmReleaseMessages {
    static func installSucceeded(_ current: HelmReleaseSnapshot) -> String {
        "Helm install succeeded for release \(current.fullReleaseName) with chart \(current.versionedChartName)"
    }

    static func installFailed(_ target: HelmReleaseTarget, chart: String, version: String, error: String) -> String {
        "Helm install failed for release \(target.namespace)/\(target.name) with chart \(chart)@\(version): \(error)"
    }

    static func upgradeSucceeded(_ current: HelmReleaseSnapshot) -> String {
        "Helm upgrade succeeded for release \(current.fullReleaseName) with chart \(current.versionedChartName)"
    }

    static func upgradeFailed(_ target: HelmReleaseTarget, chart: String, version: String, error: String) -> String {
        "Helm upgrade failed for release \(target.namespace)/\(target.name) with chart \(chart)@\(version): \(error)"
    }

    static func testPending(_ current: HelmReleaseSnapshot) -> String {
        "Helm release \(current.fullReleaseName) with chart \(current.versionedChartName) is awaiting tests"
    }

    static func testFailed(_ current: HelmReleaseSnapshot, error: String) -> String {
        "Helm test failed for release \(current.fullReleaseName) with chart \(current.versionedChartName): \(error)"
    }

    static func testSucceeded(_ current: HelmReleaseSnapshot) -> String {
        let count = current.testHooks?.count ?? 0
        let hooks = count == 0 ? "no test hooks" : "\(count) test \(count > 1 ? "hooks" : "hook") completed successfully"
        return "Helm test succeeded for release \(current.fullReleaseName) with chart \(current.versionedChartName): \(hooks)"
    }

    static func rollbackFailed(_ previous: HelmReleaseSnapshot, error: String) -> String {
        "Helm rollback to previous release \(previous.fullReleaseName) with chart \(previous.versionedChartName) failed: \(error)"
    }

    static func rollbackSucceeded(_ previous: HelmReleaseSnapshot) -> String {
        "Helm rollback to previous release \(previous.fullReleaseName) with chart \(previous.versionedChartName) succeeded"
    }

    static func uninstallRemediationFailed(_ current: HelmReleaseSnapshot, error: String) -> String {
        "Helm uninstall remediation for release \(current.fullReleaseName) with chart \(current.versionedChartName) failed: \(error)"
    }

    static func uninstallRemediationSucceeded(_ current: HelmReleaseSnapshot) -> String {
        "Helm uninstall remediation for release \(current.fullReleaseName) with chart \(current.versionedChartName) succeeded"
    }

    static func uninstallFailed(_ current: HelmReleaseSnapshot, error: String) -> String {
        "Helm uninstall failed for release \(current.fullReleaseName) with chart \(current.versionedChartName): \(error)"
    }

    static func uninstallSucceeded(_ current: HelmReleaseSnapshot) -> String {
        "Helm uninstall succeeded for release \(current.fullReleaseName) with chart \(current.versionedChartName)"
    }

    static func unlockFailed(_ current: HelmReleaseSnapshot, status: String, error: String) -> String {
        "Unlock of Helm release \(current.fullReleaseName) with chart \(current.versionedChartName) in \(status) state failed: \(error)"
    }

    static func unlockSucceeded(_ current: HelmReleaseSnapshot, status: String) -> String {
        "Unlocked Helm release \(current.fullReleaseName) with chart \(current.versionedChartName) in \(status) state"
    }
}
