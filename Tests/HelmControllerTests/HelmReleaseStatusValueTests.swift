import HelmController
import Testing

@Suite struct HelmReleaseStatusValueTests {
    @Test func pendingStatusesAreThoseHelmLocksOn() {
        #expect(HelmReleaseStatusValue.allCases.filter(\.isPending).map(\.rawValue).sorted()
            == ["pending-install", "pending-rollback", "pending-upgrade", "uninstalling"])
    }
}
