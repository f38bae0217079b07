import Foundation
import SluiceCore
import SluiceKube

/// Waits for objects to become healthy by kstatus rules (``HealthStatus``), as Flux's and Helm 4's waiters do.
public struct HealthChecker: Sendable {
    /// How a wait ended.
    public enum Outcome: Sendable, Equatable {
        /// Every object is current.
        case healthy
        /// An object failed (`failed: [Kind/ns/name status: 'Failed': why, …]`) or the time ran out
        /// (`timeout waiting for: [Kind/ns/name status: 'InProgress', …]`); the text is Flux's.
        case unhealthy(String)
    }

    /// The cluster client.
    public let client: KubernetesClient
    /// How often the objects are read.
    public let pollInterval: Duration

    /// A checker polling every `pollInterval`.
    public init(client: KubernetesClient, pollInterval: Duration) {
        self.client = client
        self.pollInterval = pollInterval
    }

    /// Polls `targets` until all are current, one has failed, or `timeout` passes.
    public func wait(for targets: [KubeObject], timeout: Duration) async throws -> Outcome {
        let deadline = ContinuousClock.now + timeout
        while true {
            var pending: [String] = []
            var failed: [String] = []
            for target in targets {
                let live = try await client.get(target.gvk, namespace: target.namespace, name: target.name)
                switch live.map(HealthStatus.of) ?? .inProgress("not found") {
                case .current: break
                case .inProgress: pending.append("\(target.displayName) status: 'InProgress'")
                case .failed(let why): failed.append("\(target.displayName) status: 'Failed': \(why)")
                }
            }
            if pending.isEmpty, failed.isEmpty { return .healthy }
            if !failed.isEmpty { return .unhealthy("failed: [\(failed.joined(separator: ", "))]") }
            if ContinuousClock.now >= deadline { return .unhealthy("timeout waiting for: [\(pending.joined(separator: ", "))]") }
            try await Task.sleep(for: pollInterval)
        }
    }
}
