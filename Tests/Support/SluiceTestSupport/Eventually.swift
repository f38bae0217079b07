/// Why a polled condition gave up.
public struct EventuallyTimedOut: Error, CustomStringConvertible {
    public var timeout: Duration
    public var description: String { "condition did not hold within \(timeout)" }
}

/// Polls `value` every 20 ms until it returns a value (errors count as "not yet"); throws after `timeout`.
///
/// The timeout is an upper bound for a broken condition, not a performance check: it is generous because
/// tests run in parallel on two cores, and a last poll always follows the deadline, so a test that was merely
/// starved of CPU still sees a condition that holds.
public func eventually<T>(timeout: Duration = .seconds(30), _ value: () async throws -> T?) async throws -> T {
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    while true {
        let expired = clock.now >= deadline
        if let result = try? await value() { return result }
        if expired { throw EventuallyTimedOut(timeout: timeout) }
        try await Task.sleep(for: .milliseconds(20))
    }
}

/// Polls `condition` every 20 ms until it holds (errors count as "not yet"); throws after `timeout`.
public func eventually(timeout: Duration = .seconds(30), _ condition: () async throws -> Bool) async throws {
    let _: Bool = try await eventually(timeout: timeout) { try await condition() ? true : nil }
}
