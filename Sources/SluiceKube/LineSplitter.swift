/// Splits a byte stream into newline-terminated lines, whatever the chunk boundaries (a watch's framing).
public struct LineSplitter: Sendable {
    private var pending: [UInt8] = []
    /// The longest line accepted before it is an error (a watch event larger than this is refused).
    public let maxLineLength: Int

    /// A splitter.
    public init(maxLineLength: Int = 64 << 20) { self.maxLineLength = maxLineLength }

    /// Feeds a chunk and returns the complete lines it finished (without their newlines; empty lines skipped).
    public mutating func feed<C: Collection>(_ chunk: C) throws -> [[UInt8]] where C.Element == UInt8 {
        var lines: [[UInt8]] = []
        for byte in chunk {
            if byte == UInt8(ascii: "\n") {
                if pending.last == UInt8(ascii: "\r") { pending.removeLast() }
                if !pending.isEmpty { lines.append(pending) }
                pending.removeAll(keepingCapacity: true)
            } else {
                pending.append(byte)
                if pending.count > maxLineLength {
                    throw KubernetesError.other(code: 0, "watch event longer than \(maxLineLength) bytes")
                }
            }
        }
        return lines
    }

    /// What remains once the stream ends (a last line without a newline), if anything.
    public mutating func finish() -> [UInt8]? {
        defer { pending = [] }
        return pending.isEmpty ? nil : pending
    }
}
