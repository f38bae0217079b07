import Foundation
import Synchronization

/// Runs a blocking libgit2 operation on a thread of its own and awaits it until its deadline.
///
/// libgit2 blocks in connect and recv; running it on Swift's cooperative pool would starve the pool. The caller
/// resumes with the result, or with the timeout at the deadline while the thread keeps running until libgit2
/// returns (the thread holds its per-URL locks until then).
enum BlockingOperation {
    /// Runs `body` on a new thread (SIGPIPE blocked there, so a peer that hangs up yields EPIPE, not death).
    static func run<T: Sendable>(name: String, control: OperationControl,
                                 _ body: @escaping @Sendable () throws -> T) async throws -> T {
        let gate = ResumeGate<T>()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
                guard gate.install(continuation) else { return }
                let timer: Task<Void, Never>? = control.deadline.map { deadline in
                    Task {
                        do { try await Task.sleep(until: deadline, clock: .continuous) } catch { return }
                        gate.resolve(.failure(control.timeoutError))
                    }
                }
                let thread = Thread {
                    var pipe = sigset_t()
                    sigemptyset(&pipe)
                    sigaddset(&pipe, SIGPIPE)
                    pthread_sigmask(SIG_BLOCK, &pipe, nil)
                    let result = Result { try body() }
                    timer?.cancel()
                    gate.resolve(result)
                }
                thread.name = name
                thread.stackSize = 8 << 20
                thread.start()
            }
        } onCancel: {
            control.cancel()
            gate.resolve(.failure(CancellationError()))
        }
    }
}

/// Resumes a continuation exactly once, whichever of result, deadline or cancellation comes first.
final class ResumeGate<T: Sendable>: Sendable {
    private enum State {
        case idle
        case waiting(CheckedContinuation<T, any Error>)
        case resolvedEarly(Result<T, any Error>)
        case done
    }
    private let state = Mutex<State>(.idle)

    /// Installs the continuation; returns false (after resuming it) when the outcome is already known.
    func install(_ continuation: CheckedContinuation<T, any Error>) -> Bool {
        let early: Result<T, any Error>? = state.withLock { state in
            if case .resolvedEarly(let result) = state {
                state = .done
                return result
            }
            state = .waiting(continuation)
            return nil
        }
        if let early { continuation.resume(with: early); return false }
        return true
    }

    /// Resumes with `result` unless already resumed.
    func resolve(_ result: Result<T, any Error>) {
        let continuation: CheckedContinuation<T, any Error>? = state.withLock { state in
            switch state {
            case .idle: state = .resolvedEarly(result); return nil
            case .waiting(let continuation): state = .done; return continuation
            case .resolvedEarly, .done: return nil
            }
        }
        continuation?.resume(with: result)
    }
}
