import Foundation
import Logging
import SluiceAPI
import SluiceCore
import SluiceKube
import SluiceRuntime
import SluiceStore

extension HelmReleaseReconciler {
    /// Flux's default action timeout.
    static let defaultTimeout: Duration = .seconds(300)
    /// Flux's default `maxHistory`.
    static let defaultMaxHistory = 5
    /// Flux's default `retryInterval` of the `RetryOnFailure` strategy.
    static let defaultRetryInterval: Duration = .seconds(300)

    /// `spec.driftDetection.mode`, `disabled` when unset.
    static func driftMode(_ object: HelmRelease) -> HelmDriftMode {
        object.spec.driftDetection?.mode.flatMap(HelmDriftMode.init(rawValue:)) ?? .disabled
    }

    /// `spec.timeout`, else five minutes.
    static func timeout(_ object: HelmRelease) -> Duration { object.spec.timeout?.duration ?? defaultTimeout }

    /// Whether tests run after install and upgrade.
    static func testsEnabled(_ object: HelmRelease) -> Bool { object.spec.test?.enable ?? false }

    /// `spec.test.ignoreFailures`.
    static func ignoresTestFailures(_ object: HelmRelease) -> Bool { object.spec.test?.ignoreFailures ?? false }

    /// How long to wait before retrying the last attempted action under the `RetryOnFailure` strategy, or nil under
    /// `RemediateOnFailure` (Flux's `GetActiveRetry`).
    static func activeRetryInterval(_ object: HelmRelease, defaultToRetryOnFailure: Bool = false) -> Duration? {
        let strategy: (name: String, interval: GoDuration?)?
        switch object.status?.lastAttemptedReleaseAction {
        case "install": strategy = object.spec.install?.strategy.map { ($0.name, $0.retryInterval) }
        case "upgrade": strategy = object.spec.upgrade?.strategy.map { ($0.name, $0.retryInterval) }
        default: return nil
        }
        guard let strategy else { return defaultToRetryOnFailure ? defaultRetryInterval : nil }
        guard strategy.name == "RetryOnFailure" else { return nil }
        return strategy.interval?.duration ?? defaultRetryInterval
    }

    /// The timeout of `action`, Flux's `timeoutForAction`.
    static func timeout(of action: HelmReleaseAction, _ object: HelmRelease) -> Duration {
        let fallback = timeout(object)
        switch action {
        case .install: return object.spec.install?.timeout?.duration ?? fallback
        case .upgrade: return object.spec.upgrade?.timeout?.duration ?? fallback
        case .test: return object.spec.test?.timeout?.duration ?? fallback
        case .rollbackRemediation: return object.spec.rollback?.timeout?.duration ?? fallback
        case .uninstallRemediation: return object.spec.uninstall?.timeout?.duration ?? fallback
        case .unlock, .correctDrift: return fallback
        }
    }

    /// A duration as Go prints it in messages (`5m0s`).
    static func goString(_ duration: Duration) -> String {
        GoDuration(duration).description
    }
}
