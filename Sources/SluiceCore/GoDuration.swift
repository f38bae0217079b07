/// A duration written as Go writes them (`1m30s`, `10m`, `1h`, `500ms`), as Flux's `spec.interval` and `spec.timeout` are.
public struct GoDuration: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The length in nanoseconds.
    public var nanoseconds: Int64

    /// A duration of this many nanoseconds.
    public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }

    /// A duration of this many seconds.
    public static func seconds(_ s: Double) -> GoDuration { GoDuration(nanoseconds: Int64(s * 1e9)) }
    /// A duration of this many minutes.
    public static func minutes(_ m: Double) -> GoDuration { .seconds(m * 60) }

    /// The length in seconds.
    public var seconds: Double { Double(nanoseconds) / 1e9 }

    /// The same length as a Swift `Duration`.
    public var duration: Duration { .nanoseconds(nanoseconds) }

    private static let units: [(String, Double)] = [
        ("ns", 1), ("us", 1e3), ("µs", 1e3), ("μs", 1e3), ("ms", 1e6), ("s", 1e9), ("m", 60e9), ("h", 3600e9),
    ]

    /// Parses Go's `time.ParseDuration` syntax; `nil` when the text is not a duration.
    public init?(_ text: String) {
        var rest = Substring(text)
        var sign: Double = 1
        if rest.first == "-" || rest.first == "+" {
            if rest.first == "-" { sign = -1 }
            rest = rest.dropFirst()
        }
        if rest == "0" { self.nanoseconds = 0; return }
        guard !rest.isEmpty else { return nil }
        var total: Double = 0
        while !rest.isEmpty {
            let number = rest.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
            guard !number.isEmpty, number != ".", let value = Double(number) else { return nil }
            rest = rest.dropFirst(number.count)
            let unitText = rest.prefix { !($0.isASCII && ($0.isNumber || $0 == ".")) }
            guard let unit = Self.units.first(where: { $0.0 == unitText }) else { return nil }
            rest = rest.dropFirst(unitText.count)
            total += value * unit.1
        }
        // `Double(Int64.max)` is 2^63, which `Int64(_:)` traps on: convert only what fits exactly.
        guard let nanoseconds = Int64(exactly: (sign * total).rounded()) else { return nil }
        self.nanoseconds = nanoseconds
    }

    /// Go's `Duration.String()` form, such as `1m30s` or `1h0m0s`.
    public var description: String {
        if nanoseconds == 0 { return "0s" }
        let negative = nanoseconds < 0
        let magnitude = nanoseconds.magnitude
        var text: String
        if magnitude < 1_000_000_000 {
            if magnitude < 1_000 {
                text = "\(magnitude)ns"
            } else if magnitude < 1_000_000 {
                text = Self.decimal(magnitude, unit: 1_000) + "µs"
            } else {
                text = Self.decimal(magnitude, unit: 1_000_000) + "ms"
            }
        } else {
            let hours = magnitude / 3_600_000_000_000
            let minutes = (magnitude / 60_000_000_000) % 60
            let seconds = Self.decimal(magnitude % 60_000_000_000, unit: 1_000_000_000)
            text = ""
            if hours > 0 { text += "\(hours)h" }
            if hours > 0 || minutes > 0 { text += "\(minutes)m" }
            text += seconds + "s"
        }
        return negative ? "-" + text : text
    }

    private static func decimal(_ value: UInt64, unit: UInt64) -> String {
        let whole = value / unit
        var fraction = String(value % unit)
        guard fraction != "0" else { return "\(whole)" }
        let width = String(unit).count - 1
        fraction = String(repeating: "0", count: width - fraction.count) + fraction
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return "\(whole).\(fraction)"
    }

    public static func < (lhs: GoDuration, rhs: GoDuration) -> Bool { lhs.nanoseconds < rhs.nanoseconds }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let parsed = GoDuration(text) else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath,
                debugDescription: "invalid duration \"\(text)\": expected a Go duration such as 30s, 1m30s or 1h"))
        }
        self = parsed
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
