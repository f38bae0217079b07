import Synchronization
import SluiceAPI
import SluiceCore
@testable import SluiceRuntime

/// A reconciler for ``TestWidget`` whose outcome the widget's spec chooses.
struct WidgetReconciler: Reconciler {
    typealias Object = TestWidget

    /// The names of the widgets finalized, in order.
    final class FinalizeLog: Sendable {
        let names = Mutex<[String]>([])
    }

    let finalized = FinalizeLog()

    var summary: ReadySummary { ReadySummary(negativePolarity: ["WidgetBroken"]) }

    func steps(for object: TestWidget) -> [ReconcileStep<TestWidget>] {
        [
            ReconcileStep("count") { widget, conditions, _ in
                widget.status = widget.status ?? .init()
                if widget.spec.outcome != "steady" {
                    let steps = widget.status?.steps ?? 0
                    widget.status?.steps = steps + 1
                }
                conditions.markTrue("Counted", reason: "Succeeded", message: "counted")
                return .success
            },
            ReconcileStep("finish") { widget, _, _ in
                switch widget.spec.outcome ?? "ok" {
                case "fail", "fail-fixed-retry", "report-fail": throw ReconcileError.generic(reason: "WidgetFailed", message: "the widget broke")
                case "stall": throw ReconcileError.stalling(reason: "InvalidWidget", message: "the widget is invalid")
                case "wait": throw ReconcileError.waiting(reason: "DependencyNotReady", message: "waiting", retryAfter: .milliseconds(100))
                default: return .success
                }
            },
        ]
    }

    /// A fixed retry delay (as Flux's `spec.retryInterval`) only for widgets that ask for one.
    func retryInterval(for object: TestWidget) -> Duration? {
        object.spec.outcome == "fail-fixed-retry" ? .seconds(3600) : nil
    }

    /// Widgets that report (`report`, `report-fail`) carry their step count as the revision.
    func failureEventMetadata(for object: TestWidget) -> [String: String] {
        object.spec.outcome?.hasPrefix("report") == true ? ["revision": "step-\(object.status?.steps ?? 0)"] : [:]
    }

    /// Widgets that report record Flux's finished event, with a commit status.
    func finishedEventMetadata(for object: TestWidget) -> [String: String]? {
        object.spec.outcome?.hasPrefix("report") == true ? ["revision": "step-\(object.status?.steps ?? 0)", "commit_status": "update"] : nil
    }

    func readyMessage(for object: TestWidget) -> (reason: String, message: String) {
        ("Succeeded", "widget counted \(object.status?.steps ?? 0) times")
    }

    func finalize(_ object: TestWidget, context: ReconcileContext) async throws {
        finalized.names.withLock { $0.append(object.metadata.name) }
    }
}
