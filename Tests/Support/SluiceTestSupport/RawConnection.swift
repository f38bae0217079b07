import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A plain TCP connection to 127.0.0.1, for sending what no HTTP client sends: half a request, huge headers, a trickle.
public final class RawConnection: @unchecked Sendable {
    private let descriptor: Int32

    /// Connects to `port` on loopback.
    public init(port: Int) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            close(descriptor)
            throw RawConnectionError(description: "connect failed: errno \(errno)")
        }
    }

    /// Sends `bytes`, as much as the peer takes; returns whether all were sent.
    @discardableResult
    public func send(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent <= 0 { return false }
            offset += sent
        }
        return true
    }

    /// Sends what of `bytes` the socket takes without waiting: how many bytes went (0 when its buffer is full), or `nil`
    /// when the peer has closed the connection.
    public func sendWithoutWaiting(_ bytes: ArraySlice<UInt8>) -> Int? {
        guard !bytes.isEmpty else { return 0 }
        let sent = bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT)) }
        if sent >= 0 { return sent }
        return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ? 0 : nil
    }

    /// Closes the sending half: the peer reads end of stream.
    public func finishSending() { shutdown(descriptor, Int32(SHUT_WR)) }

    /// Reads until the peer closes the connection (on a thread of its own, so no task blocks) and returns what arrived.
    public func readUntilClosed() async -> [UInt8] {
        await withCheckedContinuation { continuation in
            let descriptor = self.descriptor
            Thread.detachNewThread {
                var received: [UInt8] = []
                var buffer = [UInt8](repeating: 0, count: 4096)
                while true {
                    let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
                    if count <= 0 { break }
                    received += buffer[0..<count]
                }
                continuation.resume(returning: received)
            }
        }
    }

    deinit { close(descriptor) }
}
