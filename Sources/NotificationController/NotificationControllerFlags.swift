import ArgumentParser
import SluiceCore
import SluiceRuntime

/// The flags only the notification-controller takes, named as Flux's notification-controller names them.
public struct NotificationControllerFlags: ParsableArguments, Sendable {
    @Option(name: .customLong("receiver-addr"), help: "Where to serve webhook receivers over HTTP (host:port; ':port' is loopback).")
    public var receiverAddress: ListenAddress = ListenAddress(host: "127.0.0.1", port: 9292)

    @Option(name: .customLong("rate-limit-interval"), help: "How long an event suppresses its repeats (a Go duration such as 5m; 0s disables).")
    public var rateLimitInterval: String = "5m"

    @Option(name: .customLong("receiver-read-timeout"), help: "How long a webhook connection may stay silent before it is closed (a Go duration).")
    public var receiverReadTimeout: String = "15s"

    public init() {}

    public func validate() throws {
        guard GoDuration(rateLimitInterval) != nil else { throw ValidationError("--rate-limit-interval: '\(rateLimitInterval)' is not a duration") }
        guard let timeout = GoDuration(receiverReadTimeout), timeout.nanoseconds > 0 else {
            throw ValidationError("--receiver-read-timeout: '\(receiverReadTimeout)' is not a positive duration")
        }
    }

    /// `--rate-limit-interval` as a duration.
    public var rateLimit: Duration { GoDuration(rateLimitInterval)?.duration ?? .seconds(300) }

    /// `--receiver-read-timeout` as a duration.
    public var readTimeout: Duration { GoDuration(receiverReadTimeout)?.duration ?? .seconds(15) }
}
