import Foundation
import SluiceTestSupport
import Testing

/// The real `notification-controller run` as the owner of event pruning: events written to the store by another process
/// (`store-worker`) are delivered (there is no Alert, so handled at once) and then pruned down to `--events-max`.
@Suite(.enabled(if: BuiltExecutables.isBuilt("notification-controller") && BuiltExecutables.isBuilt("store-worker")
                && BuiltExecutables.kubectl != nil, "needs the built executables and kubectl"))
struct EventRetentionProcessTests {
    @Test("handled events beyond --events-max are pruned from the store by the running notification-controller")
    func prunesToTheMaximum() async throws {
        let bed = try await ControllerProcessBed.start("event-retention")
        defer { bed.stop() }
        let store = bed.directory.appendingPathComponent("store.db").path
        let written = try await ChildProcess.run("store-worker", ["events", "--store", store, "--worker", "r", "--count", "40", "--batch", "10"])
        #expect(written.status == 0, "\(written.stderr)")
        func stored() async throws -> [String] {
            let listed = try await ChildProcess.run("notification-controller", ["events", "--limit", "1000"] + bed.common)
            return listed.stdout.split(separator: "\n").filter { $0.contains("worker r event") }.map { String($0.split(separator: " ").last ?? "") }
        }
        #expect(try await stored().count == 40)

        let notification = try bed.run("notification-controller", ["--receiver-addr", "127.0.0.1:0", "--events-max", "5"])
        defer { notification.signal(SIGKILL) }
        try await eventually(timeout: .seconds(60)) { try await stored().count == 5 }
        #expect(try await stored() == ["35", "36", "37", "38", "39"])
        notification.signal(SIGTERM)
        #expect(try await notification.wait(timeout: .seconds(30)) == 0, "\(notification.stderr)")
    }
}
