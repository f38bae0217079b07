import CGPGME
import Foundation

/// Where gpgme writes an operation's output: memory with a ceiling, so a small compressed message cannot expand into
/// gigabytes (the write fails with `EFBIG` once the ceiling is passed, which ends the operation).
final class GPGOutputSink {
    /// The bytes written so far.
    private(set) var bytes: [UInt8] = []
    /// Whether a write would have passed the ceiling (the output is then incomplete).
    private(set) var overflowed = false
    private let limit: Int

    /// The callbacks gpgme keeps a pointer to for as long as a data object lives: allocated once, never freed.
    nonisolated(unsafe) private static let callbacks: UnsafeMutablePointer<gpgme_data_cbs> = {
        let pointer = UnsafeMutablePointer<gpgme_data_cbs>.allocate(capacity: 1)
        pointer.initialize(to: gpgme_data_cbs(
            read: { _, _, _ in
                errno = EBADF
                return -1
            },
            write: { handle, buffer, size in
                guard let handle, let buffer else {
                    errno = EINVAL
                    return -1
                }
                return Unmanaged<GPGOutputSink>.fromOpaque(handle).takeUnretainedValue().append(buffer, size)
            },
            seek: { handle, offset, whence in
                // Only "where am I" questions: the output is written once, front to back.
                guard let handle else { return -1 }
                let sink = Unmanaged<GPGOutputSink>.fromOpaque(handle).takeUnretainedValue()
                let end = off_t(sink.bytes.count)
                let target: off_t? = switch whence {
                case SEEK_SET: offset
                case SEEK_CUR, SEEK_END: offset == 0 ? end : nil
                default: nil
                }
                guard let target, target == end else {
                    errno = EINVAL
                    return -1
                }
                return target
            },
            release: nil))
        return pointer
    }()

    /// Creates an empty sink accepting at most `limit` bytes.
    init(limit: Int) {
        self.limit = limit
    }

    private func append(_ buffer: UnsafeRawPointer, _ size: Int) -> Int {
        guard size <= limit - bytes.count else {
            overflowed = true
            errno = EFBIG
            return -1
        }
        bytes.append(contentsOf: UnsafeRawBufferPointer(start: buffer, count: size))
        return size
    }

    /// Runs `body` with a gpgme data object writing into this sink, released afterwards.
    func withData<Result>(_ body: (gpgme_data_t) throws -> Result) throws -> Result {
        var data: gpgme_data_t?
        let status = gpgme_data_new_from_cbs(&data, Self.callbacks, Unmanaged.passUnretained(self).toOpaque())
        guard status == 0, let data else {
            throw GPGError(.engine, "gpgme could not make an output buffer: \(GPGME.describe(status))")
        }
        defer { gpgme_data_release(data) }
        return try withExtendedLifetime(self) { try body(data) }
    }
}
