import ArgumentParser
import Logging

/// The logging flags every executable takes.
public struct LogOptions: ParsableArguments, Sendable {
    /// How log lines are written.
    public enum Encoding: String, ExpressibleByArgument, Sendable, CaseIterable {
        case json
        case console
    }

    @Option(name: .customLong("log-encoding"), help: "Log encoding: json or console.")
    public var encoding: Encoding = .json

    @Option(name: .customLong("log-level"), help: "Log level: trace, debug, info, notice, warning, error or critical.")
    public var level: String = "info"

    public init() {}

    public func validate() throws {
        guard Logger.Level(rawValue: level) != nil else {
            throw ValidationError("invalid --log-level '\(level)': expected one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    /// The chosen level.
    public var logLevel: Logger.Level { Logger.Level(rawValue: level) ?? .info }

    /// Bootstraps swift-log for this process; call once, from an executable's `run()`.
    public func bootstrap() {
        let level = logLevel
        switch encoding {
        case .json:
            LoggingSystem.bootstrap { label in JSONLogHandler(label: label, level: level) }
        case .console:
            LoggingSystem.bootstrap { label in
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            }
        }
    }
}
