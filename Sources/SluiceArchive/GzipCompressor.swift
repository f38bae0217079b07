import CZlib

/// Streams bytes through zlib's deflate into a gzip member held in memory.
///
/// The gzip header is fixed (no name, mtime 0, no extra flags, OS byte 255 "unknown", as Go's `compress/gzip`
/// writes it), and the deflate stream depends only on the bytes and the level, so the same input always gives the
/// same output. Write in large pieces: each ``write(_:)`` is one call into zlib.
public final class GzipCompressor {
    /// The gzip header: magic, deflate, no flags, mtime 0, no extra flags, OS unknown.
    static let header: [UInt8] = [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 0xFF]
    private static let chunkSize = 256 * 1024

    /// The compressed bytes produced so far (the header and the deflate output; the trailer after ``finish()``).
    public private(set) var output: [UInt8] = GzipCompressor.header
    private let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
    private let chunk = UnsafeMutablePointer<UInt8>.allocate(capacity: GzipCompressor.chunkSize)
    private var checksum: UInt = 0
    private var inputSize: UInt64 = 0
    private var finished = false

    /// A compressor at zlib `level` (0–9; 6 is zlib's and Go's default).
    public init(level: Int32 = 6) {
        stream.initialize(to: z_stream())
        // Raw deflate (negative window bits): this class writes the gzip header and trailer itself.
        let status = deflateInit2_(
            stream, level, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY, zlibVersion(),
            Int32(MemoryLayout<z_stream>.size))
        precondition(status == Z_OK, "zlib deflateInit2 failed with status \(status)")
        checksum = crc32(0, nil, 0)
    }

    deinit {
        deflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
        chunk.deallocate()
    }

    /// Compresses `bytes`, appending what zlib produces to ``output``.
    public func write(_ bytes: UnsafeRawBufferPointer) {
        precondition(!finished, "GzipCompressor.write after finish")
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        var offset = 0
        while offset < bytes.count {
            // zlib counts in 32 bits.
            let count = min(bytes.count - offset, 1 << 30)
            let piece = base.advanced(by: offset).assumingMemoryBound(to: UInt8.self)
            checksum = crc32(checksum, piece, UInt32(count))
            stream.pointee.next_in = UnsafeMutablePointer(mutating: piece)
            stream.pointee.avail_in = UInt32(count)
            repeat {
                deflateStep(flush: Z_NO_FLUSH)
            } while stream.pointee.avail_in > 0 || stream.pointee.avail_out == 0
            offset += count
        }
        inputSize &+= UInt64(bytes.count)
    }

    /// Compresses `bytes`.
    public func write(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { write($0) }
    }

    /// Flushes zlib, appends the trailer (CRC-32 and size, little-endian) and returns the whole gzip member.
    public func finish() -> [UInt8] {
        if !finished {
            finished = true
            stream.pointee.next_in = nil
            stream.pointee.avail_in = 0
            while deflateStep(flush: Z_FINISH) != Z_STREAM_END {}
            let crc = UInt32(truncatingIfNeeded: checksum)
            let size = UInt32(truncatingIfNeeded: inputSize)
            for shift in stride(from: 0, to: 32, by: 8) { output.append(UInt8(truncatingIfNeeded: crc >> shift)) }
            for shift in stride(from: 0, to: 32, by: 8) { output.append(UInt8(truncatingIfNeeded: size >> shift)) }
        }
        return output
    }

    /// One call to `deflate` into the chunk buffer; appends its output and returns zlib's status.
    @discardableResult
    private func deflateStep(flush: Int32) -> Int32 {
        stream.pointee.next_out = chunk
        stream.pointee.avail_out = UInt32(Self.chunkSize)
        let status = deflate(stream, flush)
        precondition(status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR, "zlib deflate failed with status \(status)")
        let produced = Self.chunkSize - Int(stream.pointee.avail_out)
        if produced > 0 { output.append(contentsOf: UnsafeBufferPointer(start: chunk, count: produced)) }
        return status
    }
}
