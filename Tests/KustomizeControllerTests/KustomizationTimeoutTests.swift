import SluiceAPI
import SluiceCore
import Testing
@testable import KustomizeController

/// `spec.timeout` as Flux's `Kustomization.GetTimeout` defaults it (api/v1/kustomization_types.go): the given timeout,
/// else 30s less than the interval, and never less than 30s. Apply (CRDs established), health checks and deletions
/// wait this long.
struct KustomizationTimeoutTests {
    static func kustomization(interval: String, timeout: String?) -> Kustomization {
        Kustomization(metadata: ObjectMeta(name: "app", namespace: "default"),
                      spec: KustomizationSpec(interval: GoDuration(interval)!, prune: true,
                                              sourceRef: CrossNamespaceSourceReference(kind: "GitRepository", name: "app"),
                                              timeout: timeout.flatMap(GoDuration.init)))
    }

    @Test(arguments: [
        ("10m", nil, Duration.seconds(570)),  // interval - 30s
        ("1m", nil, .seconds(30)),
        ("45s", nil, .seconds(30)),  // 15s, raised to the 30s floor
        ("2s", nil, .seconds(30)),
        ("10m", "2m", .seconds(120)),  // an explicit timeout wins
        ("10m", "5s", .seconds(30)),  // and is raised to the floor too
        ("1m", "5m", .seconds(300)),
    ] as [(String, String?, Duration)])
    func timeoutDefaultsAsFlux(interval: String, timeout: String?, expected: Duration) {
        #expect(KustomizationReconciler.timeout(Self.kustomization(interval: interval, timeout: timeout)) == expected)
    }
}
