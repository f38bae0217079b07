import Dispatch
import Foundation
import Synchronization

/// SIGINT and SIGTERM as a flag `sluice up` checks between steps, instead of dying with children still running.
final class StopSignal: @unchecked Sendable {
    private let received = Mutex<Int32?>(nil)
    // Kept alive for the life of the process; never touched after `init`.
    private var sources: [any DispatchSourceSignal] = []

    /// Takes over SIGINT and SIGTERM for the rest of the process.
    init() {
        for number in [SIGINT, SIGTERM] {
            Foundation.signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [weak self] in self?.received.withLock { $0 = $0 ?? number } }
            source.resume()
            sources.append(source)
        }
    }

    /// Returns once a signal has been received, or when the task is cancelled.
    func wait() async {
        while signal == nil, !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(100))
        }
    }

    /// The first signal received, if any.
    var signal: Int32? { received.withLock { $0 } }
}
