#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import NIOCore

/// A listener that could not start on its address, named by the flag that chose the address.
///
/// NIO's own error (`bind(descriptor:ptr:bytes:): Address already in use (errno: 98)`) names neither; a person who
/// started two controllers with the default flags needs both, and the way out.
public struct ListenerError: Error, CustomStringConvertible, LocalizedError {
    /// The flag that chose the address, such as `--metrics-addr`.
    public let flag: String
    /// The address that could not be served.
    public let address: ListenAddress
    /// What went wrong and what to do, after the flag and address.
    public let reason: String

    public var description: String { "\(flag) \(address) \(reason)" }
    public var errorDescription: String? { description }

    /// The error for a failure to bind, or nil when `error` is not one.
    ///
    /// - Parameters:
    ///   - error: what the server threw.
    ///   - flag: the flag that chose `address`.
    ///   - address: the address it tried.
    public init?(binding error: any Error, flag: String, address: ListenAddress) {
        let reason: String
        if error is SocketAddressError.UnknownHost {
            reason = "is not a host this machine can resolve; pass an IP address, or :0 for a free loopback port"
        } else {
            switch (error as? IOError)?.errnoCode {
            case EADDRINUSE?: reason = "is in use; pass another address, or :0 for a free port"
            case EADDRNOTAVAIL?: reason = "is not an address of this machine; pass another address, or :0 for a free port"
            case EACCES?: reason = "cannot be bound without privileges (ports below 1024); pass another port, or :0 for a free port"
            default: return nil
            }
        }
        self.flag = flag
        self.address = address
        self.reason = reason
    }

    /// Runs a server until it ends, turning a failure to bind its address into a ``ListenerError``.
    ///
    /// - Parameters:
    ///   - flag: the flag that chose `address`, for the message.
    ///   - address: the address the server listens on.
    ///   - run: the server's run.
    public static func naming(flag: String, address: ListenAddress, _ run: () async throws -> Void) async throws {
        do {
            try await run()
        } catch {
            throw ListenerError(binding: error, flag: flag, address: address) ?? error
        }
    }
}
