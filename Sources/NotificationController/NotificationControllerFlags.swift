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

    @Option(name: .customLong("receiver-request-timeout"),
            help: "How long a webhook request may take to arrive, headers and body, however steadily it trickles (a Go duration).")
    public var receiverRequestTimeout: String = "10s"

    @Option(name: .customLong("receiver-max-connections"), help: "Webhook connections served at once; more wait to be accepted.")
    public var receiverMaxConnections: Int = ReceiverServerLimits().maxConnections

    @Option(name: .customLong("receiver-max-inflight-bytes"),
            help: "Webhook body bytes held at once across all requests; a request beyond it is answered 503.")
    public var receiverMaxInflightBytes: Int = ReceiverServerLimits().maxBodyBytesInFlight

    @Flag(name: .customLong("no-cross-namespace-refs"),
          help: "An Alert takes only events of its own namespace and a Receiver annotates only objects in its own namespace.")
    public var noCrossNamespaceRefs = false

    @Option(name: .customLong("events-retention"), help: "How long delivered events are kept in the store (a Go duration).")
    public var eventsRetention: String = "24h"

    @Option(name: .customLong("events-max"),
            help: "How many delivered events are kept in the store; undelivered ones are dropped only beyond four times this many.")
    public var eventsMax: Int = EventRetention().maxCount

    public init() {}

    public func validate() throws {
        guard GoDuration(rateLimitInterval) != nil else { throw ValidationError("--rate-limit-interval: '\(rateLimitInterval)' is not a duration") }
        for (flag, value) in [("--receiver-read-timeout", receiverReadTimeout), ("--receiver-request-timeout", receiverRequestTimeout),
                              ("--events-retention", eventsRetention)]
        {
            guard let duration = GoDuration(value), duration.nanoseconds > 0 else {
                throw ValidationError("\(flag): '\(value)' is not a positive duration")
            }
        }
        guard receiverMaxConnections >= 1 else { throw ValidationError("--receiver-max-connections must be at least 1, got \(receiverMaxConnections)") }
        guard receiverMaxInflightBytes >= 1 else {
            throw ValidationError("--receiver-max-inflight-bytes must be at least 1, got \(receiverMaxInflightBytes)")
        }
        guard eventsMax >= 1 else { throw ValidationError("--events-max must be at least 1, got \(eventsMax)") }
    }

    /// `--rate-limit-interval` as a duration.
    public var rateLimit: Duration { GoDuration(rateLimitInterval)?.duration ?? .seconds(300) }

    /// `--receiver-read-timeout` as a duration.
    public var readTimeout: Duration { GoDuration(receiverReadTimeout)?.duration ?? .seconds(15) }

    /// The webhook server's limits these flags set.
    public var receiverLimits: ReceiverServerLimits {
        ReceiverServerLimits(idleTimeout: readTimeout, requestTimeout: GoDuration(receiverRequestTimeout)?.duration ?? .seconds(10),
                             maxConnections: receiverMaxConnections, maxBodyBytesInFlight: receiverMaxInflightBytes)
    }

    /// The event retention these flags set.
    public var retention: EventRetention {
        EventRetention(maxAge: GoDuration(eventsRetention)?.duration ?? .seconds(24 * 3600), maxCount: eventsMax)
    }
}
