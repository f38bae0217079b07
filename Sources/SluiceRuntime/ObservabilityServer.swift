import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// An HTTP server for `/metrics` (Prometheus text) and `/healthz`, `/readyz`, run as a service.
///
/// Controllers run two, as Flux's do: metrics on `--metrics-addr` and probes
/// on `--health-addr`; both routes are served on each for convenience.
public struct ObservabilityServer: Service {
    private let server: RouterService

    /// A server on `address` (chosen by `flag`) serving `metrics` and `health`; `onListening` gets the bound port.
    public init(address: ListenAddress, flag: String, metrics: ControllerMetrics, health: HealthState, logger: Logger,
                onListening: @escaping @Sendable (Int) async -> Void = { _ in })
    {
        let router = Router()
        router.get("/metrics") { _, _ -> Response in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                     body: .init(byteBuffer: ByteBuffer(string: metrics.render())))
        }
        router.get("/healthz") { _, _ in "ok" }
        router.get("/readyz") { _, _ -> Response in
            health.isReady
                ? Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: "ok")))
                : Response(status: .serviceUnavailable, body: .init(byteBuffer: ByteBuffer(string: "not ready")))
        }
        server = RouterService(router: router, address: address, flag: flag, serverName: "sluice", logger: logger, onListening: onListening)
    }

    public func run() async throws { try await server.run() }
}
