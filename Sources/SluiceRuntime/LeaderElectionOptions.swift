import ArgumentParser
import Foundation
import SluiceCore

/// The leader-election flags of a controller's `run`, named as Flux's (`fluxcd/pkg/runtime/leaderelection`).
///
/// Two differences from Flux: election is on by default (Flux's flag defaults to off and its Deployments pass
/// `--enable-leader-election`), and `--disable-leader-election` turns it off, since ArgumentParser's flags take no
/// `=false`. The Lease is `<controller>-leader-election`, Flux's `LeaderElectionID`.
public struct LeaderElectionOptions: ParsableArguments, Sendable {
    @Flag(name: .customLong("leader-election"), inversion: .prefixedEnableDisable,
          help: "Elect one leader among the replicas through a Lease: only the leader reconciles.")
    public var enabled: Bool = true

    @Flag(name: .customLong("leader-election-release-on-cancel"), inversion: .prefixedNo,
          help: "Release the Lease on a clean stop so that a standby takes over at once.")
    public var releaseOnCancel: Bool = true

    @Option(name: .customLong("leader-election-lease-duration"),
            help: "How long standbys wait after the last observed renewal before taking over.")
    public var leaseDuration: String = "35s"

    @Option(name: .customLong("leader-election-renew-deadline"),
            help: "How long the leader retries a failed renewal before it gives up and exits.")
    public var renewDeadline: String = "30s"

    @Option(name: .customLong("leader-election-retry-period"),
            help: "How long candidates wait between attempts to acquire or renew the Lease.")
    public var retryPeriod: String = "5s"

    @Option(name: .customLong("leader-election-namespace"),
            help: "The Lease's namespace (default: the service account's namespace in a pod, then $POD_NAMESPACE, then default).")
    public var namespace: String?

    public init() {}

    public func validate() throws {
        var durations: [Duration] = []
        for (flag, value) in [("--leader-election-lease-duration", leaseDuration), ("--leader-election-renew-deadline", renewDeadline),
                              ("--leader-election-retry-period", retryPeriod)]
        {
            guard let duration = GoDuration(value) else {
                throw ValidationError("invalid \(flag) '\(value)': expected a duration such as 200ms, 5s or 1m")
            }
            durations.append(duration.duration)
        }
        if let namespace, namespace.isEmpty { throw ValidationError("--leader-election-namespace must not be empty") }
        if enabled, let problem = LeaderElector.Configuration.problem(leaseDuration: durations[0], renewDeadline: durations[1],
                                                                        retryPeriod: durations[2])
        {
            throw ValidationError("invalid leader election durations: \(problem)")
        }
    }

    /// The Lease `<controller>-leader-election` in the namespace these flags name, with their durations.
    public func configuration(controller: String, environment: [String: String] = ProcessInfo.processInfo.environment,
                              serviceAccountDirectory: String = Self.serviceAccountDirectory) -> LeaderElector.Configuration
    {
        LeaderElector.Configuration(
            namespace: namespace ?? Self.defaultNamespace(environment: environment, serviceAccountDirectory: serviceAccountDirectory),
            name: "\(controller)-leader-election",
            leaseDuration: GoDuration(leaseDuration)?.duration ?? .seconds(35),
            renewDeadline: GoDuration(renewDeadline)?.duration ?? .seconds(30),
            retryPeriod: GoDuration(retryPeriod)?.duration ?? .seconds(5),
            releaseOnCancel: releaseOnCancel)
    }

    /// Where a pod's service account is mounted.
    public static let serviceAccountDirectory = "/var/run/secrets/kubernetes.io/serviceaccount"

    /// The Lease's namespace when no flag names it.
    ///
    /// controller-runtime reads the service account's `namespace` file and refuses to start outside a pod without
    /// `LeaderElectionNamespace`; Sluice also runs outside clusters (against `sluice cluster serve`), so it falls back
    /// to `$POD_NAMESPACE` (the downward API) and then `default`, which every cluster has.
    public static func defaultNamespace(environment: [String: String], serviceAccountDirectory: String = serviceAccountDirectory) -> String {
        let file = (serviceAccountDirectory as NSString).appendingPathComponent("namespace")
        if let text = try? String(contentsOfFile: file, encoding: .utf8) {
            let namespace = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if !namespace.isEmpty { return namespace }
        }
        if let namespace = environment["POD_NAMESPACE"], !namespace.isEmpty { return namespace }
        return "default"
    }
}
