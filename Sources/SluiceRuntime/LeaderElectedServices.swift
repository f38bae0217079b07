import Logging
import ServiceLifecycle

/// The services that run only on the elected leader (the controllers and what feeds them), as one service: it waits
/// for the Lease, runs them while leading, and releases the Lease once they have stopped.
///
/// As in controller-runtime, where every runnable that does not say otherwise needs leader election: a standby
/// serves health and metrics (the process's other services) but watches nothing and writes nothing. The services run
/// in a group of their own inside this one, so a graceful shutdown reaches them first and the Lease is released only
/// after the objects in progress are done.
struct LeaderElectedServices: Service {
    let elector: LeaderElector
    let services: [any Service]
    let logger: Logger

    func run() async throws {
        let services = self.services
        let logger = self.logger
        try await elector.run {
            guard !services.isEmpty else {
                // Nothing to run (a controller without reconcilers yet): lead until asked to stop.
                try await gracefulShutdown()
                return
            }
            try await ServiceGroup(services: services, logger: logger).run()
        }
    }
}
