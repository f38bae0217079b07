import CZlib

/// Streams the decompressed bytes of a gzip file held in memory, as a ``ByteSource``.
///
/// Concatenated gzip members are read one after another (as `gzip -d` does). Input that ends before a member's
/// end, a bad CRC or length, and data after a member that is not another member are errors; so is output beyond
/// `limit`, which stops a decompression bomb before it fills memory or disk.
public final class GzipDecompressor: ByteSource {
    /// How many decompressed bytes have been returned.
    public private(set) var totalOut: Int64 = 0
    /// The most decompressed bytes this stream returns before it throws.
    public let limit: Int64

    private let input: [UInt8]
    private var consumed = 0
    private var members = 0
    private var finished = false
    private let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)

    /// A stream over the gzip bytes `compressed` that refuses to return more than `limit` bytes.
    public init(_ compressed: [UInt8], limit: Int64 = .max) throws {
        input = compressed
        self.limit = limit
        stream.initialize(to: z_stream())
        // 15 window bits + 16: a gzip wrapper only; zlib checks the header, CRC-32 and length.
        let status = inflateInit2_(stream, MAX_WBITS + 16, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            // deinit still runs and frees the stream; inflateEnd on a stream that failed to start is harmless.
            throw ArchiveError(.corrupt, "cannot start gzip decompression (zlib status \(status))")
        }
        if compressed.isEmpty { throw ArchiveError(.corrupt, "invalid gzip stream: the input is empty") }
    }

    deinit {
        inflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    /// Decompresses up to `buffer.count` bytes into `buffer`; 0 at the end of the last member.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard !finished, let outBase = buffer.baseAddress, buffer.count > 0 else { return 0 }
        let capacity = min(buffer.count, 1 << 30)
        while true {
            let available = min(input.count - consumed, 1 << 30)
            let (status, produced, used) = input.withUnsafeBufferPointer { inputBytes in
                stream.pointee.next_in = UnsafeMutablePointer(mutating: inputBytes.baseAddress).map { $0 + consumed }
                stream.pointee.avail_in = UInt32(available)
                stream.pointee.next_out = outBase.assumingMemoryBound(to: UInt8.self)
                stream.pointee.avail_out = UInt32(capacity)
                let status = inflate(stream, Z_NO_FLUSH)
                return (status, capacity - Int(stream.pointee.avail_out), available - Int(stream.pointee.avail_in))
            }
            consumed += used
            switch status {
            case Z_STREAM_END:
                members += 1
                if consumed == input.count {
                    finished = true
                } else {
                    // Another member follows.
                    inflateReset(stream)
                }
            case Z_OK:
                break
            case Z_BUF_ERROR where consumed == input.count:
                throw ArchiveError(.corrupt, "truncated gzip stream: the input ends inside member \(members + 1) after \(input.count) bytes")
            case Z_DATA_ERROR:
                let reason = stream.pointee.msg.map { String(cString: $0) } ?? "corrupt data"
                let place = members > 0 ? "after member \(members)" : "in its first member"
                throw ArchiveError(.corrupt, "invalid gzip stream \(place): \(reason)")
            default:
                throw ArchiveError(.corrupt, "gzip decompression failed (zlib status \(status))")
            }
            if produced > 0 {
                totalOut += Int64(produced)
                if totalOut > limit {
                    throw ArchiveError(.tooLarge, "decompressed data exceeds the limit of \(limit) bytes")
                }
                return produced
            }
            if finished { return 0 }
            if status == Z_OK && consumed == input.count {
                throw ArchiveError(.corrupt, "truncated gzip stream: the input ends inside member \(members + 1) after \(input.count) bytes")
            }
        }
    }
}
