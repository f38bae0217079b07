import SluiceAPI
import Testing
@testable import SluiceRuntime

@Suite struct ConditionsTests {
    @Test func transitionTimeChangesOnlyWithStatusReasonOrMessage() {
        var conditions = Conditions(generation: 3)
        conditions.set("Ready", .true, reason: "Succeeded", message: "ok", now: "t1")
        conditions.set("Ready", .true, reason: "Succeeded", message: "ok", now: "t2")
        #expect(conditions.get("Ready")?.lastTransitionTime == "t1")
        conditions.set("Ready", .true, reason: "Succeeded", message: "ok again", now: "t3")
        #expect(conditions.get("Ready")?.lastTransitionTime == "t3")
        conditions.set("Ready", .false, reason: "Failed", message: "ok again", now: "t4")
        #expect(conditions.get("Ready")?.lastTransitionTime == "t4")
        #expect(conditions.get("Ready")?.observedGeneration == 3)
    }

    @Test func readyComesFirstThenTypesInOrder() {
        var conditions = Conditions()
        conditions.markTrue("Stalled", reason: "r", message: "m")
        conditions.markTrue("ArtifactInStorage", reason: "r", message: "m")
        conditions.markTrue("Ready", reason: "r", message: "m")
        #expect(conditions.items.map(\.type) == ["Ready", "ArtifactInStorage", "Stalled"])
        conditions.delete("Stalled")
        #expect(conditions.items.map(\.type) == ["Ready", "ArtifactInStorage"])
    }

    @Test func summaryOnSuccessClearsReconcilingAndStalled() {
        var conditions = Conditions()
        conditions.markReconciling(message: "working")
        conditions.markStalled(reason: "Old", message: "old")
        ReadySummary().summarize(&conditions, outcome: .success(.success), successReason: "Succeeded", successMessage: "stored artifact")
        #expect(conditions.items.map(\.type) == ["Ready"])
        #expect(conditions.get("Ready")?.status == .true)
        #expect(conditions.get("Ready")?.message == "stored artifact")
    }

    @Test func summaryOnStallingSetsStalledAndReadyFalse() {
        var conditions = Conditions()
        ReadySummary().summarize(&conditions, outcome: .failure(.stalling(reason: "URLInvalid", message: "bad url")), successReason: "", successMessage: "")
        #expect(conditions.isTrue("Stalled"))
        #expect(conditions.get("Ready")?.status == .false)
        #expect(conditions.get("Ready")?.reason == "URLInvalid")
        #expect(conditions.get("Reconciling") == nil)
    }

    @Test func summaryOnRetryableFailureKeepsReconcilingWithRetry() {
        var conditions = Conditions()
        ReadySummary().summarize(&conditions, outcome: .failure(.generic(reason: "GitOperationFailed", message: "unreachable")), successReason: "", successMessage: "")
        #expect(conditions.get("Reconciling")?.reason == "ProgressingWithRetry")
        #expect(conditions.get("Ready")?.status == .false)
        #expect(conditions.get("Ready")?.reason == "GitOperationFailed")
    }

    @Test func negativePolarityConditionsDecideReady() {
        var conditions = Conditions()
        conditions.markTrue("FetchFailed", reason: "AuthenticationFailed", message: "wrong password")
        ReadySummary(negativePolarity: ["FetchFailed"]).summarize(&conditions, outcome: .failure(.generic(reason: "Other", message: "x")), successReason: "", successMessage: "")
        #expect(conditions.get("Ready")?.reason == "AuthenticationFailed")
    }
}
