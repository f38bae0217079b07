import Foundation

/// A benchmark that `sluice-bench` runs by name.
struct Benchmark: Sendable {
    /// The subcommand, such as `store`.
    let name: String
    /// One line for the overview.
    let summary: String
    /// The subcommand's usage text.
    let usage: String
    /// Runs the benchmark with the arguments after its name.
    let run: @Sendable ([String]) async throws -> Void

    /// The usage of `sluice-bench` as a whole.
    static func overview(_ benchmarks: [Benchmark]) -> String {
        let width = benchmarks.map(\.name.count).max() ?? 0
        let lines = benchmarks.map { "  \($0.name.padding(toLength: width, withPad: " ", startingAt: 0))  \($0.summary)" }
        return (["usage: sluice-bench <benchmark> [options]", "", "benchmarks:"] + lines).joined(separator: "\n")
    }
}
