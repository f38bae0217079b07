import Foundation
import Logging
import SluiceAPI
import SluiceCore
import SluiceKube
import SluiceRuntime
import SluiceStore

extension HelmReleaseSnapshot {
    /// The snapshot format whose digest Sluice computes (Flux's `CurrentSnapshotAPIVersion`); snapshots of another
    /// version are trusted without a digest check, as Flux does after a change of the digest method.
    static let currentAPIVersion = "v2"

    /// `<namespace>/<name>.v<version>` (Flux's `FullReleaseName`).
    var fullReleaseName: String { "\(namespace)/\(name).v\(version)" }

    /// `<chart>@<version>` (Flux's `VersionedChartName`).
    var versionedChartName: String { "\(chartName)@\(chartVersion)" }

    /// Whether test results were observed: an empty map (no selected tests) counts, as does any failed test;
    /// otherwise every test must have succeeded.
    var hasBeenTested: Bool {
        guard let hooks = testHooks else { return false }
        if hooks.isEmpty { return true }
        if hooks.values.contains(where: { $0.phase == "Failed" }) { return true }
        return hooks.values.allSatisfy { $0.phase == "Succeeded" }
    }

    /// Whether a test hook is in `phase`.
    func hasTest(inPhase phase: String) -> Bool {
        (testHooks ?? [:]).values.contains { $0.phase == phase }
    }

    /// Whether this snapshot is of revision `version` of release `name` in `namespace`.
    func targets(name: String, namespace: String, version: Int) -> Bool {
        self.name == name && self.namespace == namespace && self.version == version
    }
}

extension Array where Element == HelmReleaseSnapshot {
    /// Flux's `defaultMaxHistory`: how many snapshots are kept when none is deployed.
    static var defaultMaxHistory: Int { 5 }

    /// The newest snapshot (highest version).
    var latest: HelmReleaseSnapshot? { self.max { $0.version < $1.version } }

    /// The newest snapshot before the latest that is `deployed` or `superseded` (and, unless `ignoringTests`, has
    /// no failed test): the target of a rollback.
    func previous(ignoringTests: Bool) -> HelmReleaseSnapshot? {
        let sorted = self.sorted { $0.version > $1.version }
        return sorted.dropFirst().first { Self.isRollbackTarget($0, ignoringTests: ignoringTests) }
    }

    /// Flux's `Truncate`: drops every snapshot older than the previous deployed one; without one, keeps the newest
    /// five.
    mutating func truncate(ignoringTests: Bool) {
        guard count >= 2 else { return }
        sort { $0.version > $1.version }
        if let index = indices.dropFirst().first(where: { Self.isRollbackTarget(self[$0], ignoringTests: ignoringTests) }) {
            removeSubrange((index + 1)...)
            return
        }
        if count > Self.defaultMaxHistory { removeSubrange(Self.defaultMaxHistory...) }
    }

    /// Flux's `TruncateIgnoringPreviousSnapshots`: the newest five snapshots, newest first.
    mutating func truncateIgnoringPrevious() {
        sort { $0.version > $1.version }
        if count > Self.defaultMaxHistory { removeSubrange(Self.defaultMaxHistory...) }
    }

    private static func isRollbackTarget(_ snapshot: HelmReleaseSnapshot, ignoringTests: Bool) -> Bool {
        (snapshot.status == "deployed" || snapshot.status == "superseded") && (ignoringTests || !snapshot.hasTest(inPhase: "Failed"))
    }
}
