import Foundation
/// One file of a chart: its path relative to the chart's root (`templates/deployment.yaml`) and its bytes.
public struct ChartFile: Sendable, Hashable {
    /// The path inside the chart, `/`-separated.
    public var name: String
    /// The contents.
    public var data: [UInt8]

    /// A file at `name` holding `data`.
    public init(name: String, data: [UInt8]) {
        self.name = name
        self.data = data
    }

    /// The contents as text (invalid UTF-8 repaired, as Go's `string(bytes)` would print it).
    public var text: String { String(decoding: data, as: UTF8.self) }
}
