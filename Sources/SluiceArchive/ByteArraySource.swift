/// A ``ByteSource`` over bytes in memory.
public struct ByteArraySource: ByteSource, Sendable {
    /// All the bytes.
    public let bytes: [UInt8]
    /// How many bytes have been read.
    public private(set) var offset = 0

    /// A source reading `bytes` from the start.
    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Copies the next bytes into `buffer`.
    public mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let count = min(buffer.count, bytes.count - offset)
        guard count > 0 else { return 0 }
        bytes.withUnsafeBytes { source in
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[offset..<offset + count]))
        }
        offset += count
        return count
    }
}
