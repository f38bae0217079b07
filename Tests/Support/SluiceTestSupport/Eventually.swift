/// Why a polled condition gave up.
public struct EventuallyTimedOut: Error, CustomStringConvertible {
    public var timeout: Duration
    public var description: String { "condition did not hold within \(timeout)" }
}

/// Polls `value` every 20 ms until it returns a value (errors count as "not yet"); throws after `timeout`.
public func eventually<T>(timeout: Duration = .seconds(10), _ value: () async throws -> T?) async throws -> T {
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    while clock.now < deadline {
        if let result = try? await value() { return result }
        try await Task.sleep(for: .milliseconds(20))
    }
    throw EventuallyTimedOut(timeout: timeout)
}

/// Polls `condition` every 20 ms until it holds (errors count as "not yet"); throws after `timeout`.
public func eventually(timeout: Duration = .seconds(10), _ condition: () async throws -> Bool) async throws {
    let _: Bool = try await eventually(timeout: timeout) { try await condition() ? true : nil }
}
