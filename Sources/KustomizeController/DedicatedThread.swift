import Foundation

/// Runs blocking work on a thread of its own and awaits it, so the cooperative pool (two threads on a two-core
/// machine) never waits for it: the kustomize build (CPU-bound, deep recursion) and GnuPG (gpgme waits for `gpg` and
/// `gpg-agent` child processes, seconds when an agent starts).
enum DedicatedThread {
    /// `body`'s result, computed on a new thread named `name` with the main thread's 8 MiB stack.
    static func run<T: Sendable>(name: String, _ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread { continuation.resume(with: Result { try body() }) }
            thread.name = name
            // The engine recurses through kustomizations and YAML; give it the stack the main thread has.
            thread.stackSize = 8 << 20
            thread.start()
        }
    }
}
