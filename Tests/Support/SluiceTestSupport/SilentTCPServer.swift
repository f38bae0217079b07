import Foundation
import Synchronization

/// A TCP listener on 127.0.0.1 that completes connections and never says a word, for timeout tests.
///
/// It never calls `accept`: the kernel completes the handshake for connections in the backlog, so a client
/// connects and then waits for data forever. `stop` closes the socket, which resets the queued connections and
/// lets a client stuck in `recv` return.
public final class SilentTCPServer: Sendable {
    /// The port it listens on.
    public let port: Int
    private let descriptor: Mutex<Int32>

    /// Listens on a kernel-chosen port.
    public init() throws {
        // CLOEXEC: a child process spawned by a concurrent test must not inherit the listener and keep it open.
        let socketDescriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard socketDescriptor >= 0 else { throw ShellError(description: "socket: \(String(cString: strerror(errno)))") }
        var address = LoopbackPort.loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socketDescriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(socketDescriptor, 64) == 0 else {
            close(socketDescriptor)
            throw ShellError(description: "bind/listen: \(String(cString: strerror(errno)))")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socketDescriptor, $0, &length) }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        descriptor = Mutex(socketDescriptor)
    }

    /// Closes the listener (idempotent).
    public func stop() {
        descriptor.withLock { descriptor in
            // shutdown resets the queued connections even if another process still holds the descriptor.
            if descriptor >= 0 { shutdown(descriptor, Int32(SHUT_RDWR)); close(descriptor) }
            descriptor = -1
        }
    }

    deinit { stop() }
}
