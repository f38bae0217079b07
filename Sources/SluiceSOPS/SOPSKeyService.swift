/// The hook through which keys (and any I/O they need, e.g. gpg) reach the engine.
public protocol SOPSKeyService: Sendable {
    /// The 32-byte data key wrapped in `key`, or nil when this service holds no key for it; throws when it holds one and fails.
    func dataKey(for key: SOPSMasterKey) throws -> [UInt8]?
}
