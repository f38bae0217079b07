import Foundation
import SluiceTestSupport
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A minimal HTTP proxy on 127.0.0.1 that accepts `CONNECT host:port` (how AsyncHTTPClient goes through a proxy) and then
/// plays the target itself: reads the tunnelled request, records it with the CONNECT target, and answers 200.
final class ConnectProxy: @unchecked Sendable {
    /// One tunnelled request.
    struct Tunnelled: Sendable {
        var target: String
        var request: String
    }

    let port: Int
    private let listener: Int32
    private let recorded = Recorded()

    /// The requests, shared with the accepting threads.
    final class Recorded: Sendable {
        let items = Mutex([Tunnelled]())
    }

    init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer -> Int32 in
                guard bind(descriptor, pointer, length) == 0, listen(descriptor, 16) == 0 else { return -1 }
                return getsockname(descriptor, pointer, &length)
            }
        }
        guard bound == 0 else { throw RawConnectionError(description: "proxy bind failed: errno \(errno)") }
        port = Int(UInt16(bigEndian: address.sin_port))
        listener = descriptor
        let recorded = self.recorded
        Thread.detachNewThread {
            while true {
                let client = accept(descriptor, nil, nil)
                if client < 0 { return }
                Thread.detachNewThread {
                    defer { close(client) }
                    guard let connect = Self.readHead(client), connect.hasPrefix("CONNECT ") else { return }
                    let target = String(connect.dropFirst(8).prefix { $0 != " " })
                    Self.write(client, "HTTP/1.1 200 Connection established\r\n\r\n")
                    guard let request = Self.readHead(client) else { return }
                    recorded.items.withLock { $0.append(Tunnelled(target: target, request: request)) }
                    Self.write(client, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                }
            }
        }
    }

    /// What went through, in order.
    var tunnelled: [Tunnelled] { recorded.items.withLock { $0 } }

    /// Reads up to the end of an HTTP head (`\r\n\r\n`).
    private static func readHead(_ descriptor: Int32) -> String? {
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while bytes.count < 65_536 {
            guard recv(descriptor, &byte, 1, 0) == 1 else { return nil }
            bytes.append(byte)
            if bytes.count >= 4 && bytes.suffix(4) == [13, 10, 13, 10] { return String(decoding: bytes, as: UTF8.self) }
        }
        return nil
    }

    private static func write(_ descriptor: Int32, _ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    deinit {
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }
}
