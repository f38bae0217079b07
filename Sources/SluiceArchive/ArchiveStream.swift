#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The tar byte stream of an artifact on its way into gzip: small writes are gathered in a 1 MiB buffer so that
/// zlib sees large pieces, file contents are read straight into that buffer, and the compressed size is checked
/// against the limit after every piece, so that packaging stops as soon as the artifact is too large.
final class ArchiveStream {
    private static let capacity = 1 << 20
    private let compressor = GzipCompressor()
    private let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: ArchiveStream.capacity, alignment: 16)
    private var count = 0
    private let maxSize: Int64

    /// A stream whose compressed output may not exceed `maxSize` bytes.
    init(maxSize: Int64) {
        self.maxSize = maxSize
    }

    deinit { buffer.deallocate() }

    /// Appends bytes (a header, padding).
    func write(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            if count == Self.capacity { try flush() }
            let piece = min(bytes.count - offset, Self.capacity - count)
            bytes.withUnsafeBytes { source in
                UnsafeMutableRawBufferPointer(rebasing: buffer[count..<count + piece])
                    .copyMemory(from: UnsafeRawBufferPointer(rebasing: source[offset..<offset + piece]))
            }
            count += piece
            offset += piece
        }
    }

    /// Appends `size` zero bytes.
    func writeZeros(_ size: Int) throws {
        var remaining = size
        while remaining > 0 {
            if count == Self.capacity { try flush() }
            let piece = min(remaining, Self.capacity - count)
            UnsafeMutableRawBufferPointer(rebasing: buffer[count..<count + piece]).initializeMemory(as: UInt8.self, repeating: 0)
            count += piece
            remaining -= piece
        }
    }

    /// Appends exactly `size` bytes read from `descriptor`; throws if the file ends sooner (it changed under us).
    func writeFile(_ descriptor: Int32, size: Int64, path: String) throws {
        var remaining = size
        while remaining > 0 {
            if count == Self.capacity { try flush() }
            let wanted = Int(min(remaining, Int64(Self.capacity - count)))
            let got = read(descriptor, buffer.baseAddress! + count, wanted)
            if got < 0 {
                if errno == EINTR { continue }
                throw ArchiveError.system("cannot read", path, errno: errno)
            }
            if got == 0 {
                throw ArchiveError(.fileSystem, "file '\(path)' shrank while it was being archived", path: path)
            }
            count += got
            remaining -= Int64(got)
        }
    }

    /// Compresses what is buffered and checks the limit.
    private func flush() throws {
        compressor.write(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
        count = 0
        try checkLimit()
    }

    private func checkLimit() throws {
        let size = Int64(compressor.output.count)
        if size > maxSize {
            throw ArchiveError(
                .tooLarge, "artifact size of at least \(size) bytes exceeds the limit of \(maxSize) bytes (--artifact-max-size)")
        }
    }

    /// Compresses the rest and returns the gzip bytes.
    func finish() throws -> [UInt8] {
        try flush()
        let output = compressor.finish()
        if Int64(output.count) > maxSize {
            throw ArchiveError(
                .tooLarge, "artifact size \(output.count) bytes exceeds the limit of \(maxSize) bytes (--artifact-max-size)")
        }
        return output
    }
}
