import Foundation
import Logging
import SluiceCore

/// A swift-log handler writing one JSON object a line, in the shape Flux's controllers log (`level`, `ts`, `msg`, `logger`, then metadata).
public struct JSONLogHandler: LogHandler {
    /// The level below which messages are dropped.
    public var logLevel: Logger.Level
    /// Metadata attached to every message.
    public var metadata: Logger.Metadata = [:]
    private let label: String
    private let output: @Sendable (String) -> Void

    /// A handler for `label` writing lines with `output` (standard error by default).
    public init(label: String, level: Logger.Level = .info, output: @escaping @Sendable (String) -> Void = JSONLogHandler.standardError) {
        self.label = label
        self.logLevel = level
        self.output = output
    }

    /// Writes a line to standard error.
    public static let standardError: @Sendable (String) -> Void = { line in
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var object: JSONObject = [
            "level": .string(event.level == .warning ? "warn" : event.level.rawValue),
            "ts": .string(Date().formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))),
            "logger": .string(label),
            "msg": .string(event.message.description),
        ]
        var merged = metadata
        if let extra = event.metadata { merged.merge(extra) { $1 } }
        for key in merged.keys.sorted() { object[key] = Self.json(merged[key]!) }
        output(JSONSerializer().string(.object(object)))
    }

    static func json(_ value: Logger.Metadata.Value) -> JSONValue {
        switch value {
        case .string(let s): return .string(s)
        case .stringConvertible(let s): return .string(s.description)
        case .array(let a): return .array(a.map(json))
        case .dictionary(let d): return .object(JSONObject(d.keys.sorted().map { ($0, json(d[$0]!)) }))
        }
    }
}
