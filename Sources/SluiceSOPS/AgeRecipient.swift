/// An age X25519 recipient (`age1…`) that SOPS data keys are wrapped for.
public struct AgeRecipient: SOPSRecipient {
    /// The recipient from its Bech32 public key `age1…`.
    public init(publicKey: String) throws {
        throw SOPSError(file: "", "age recipient: not implemented yet")
    }

    public func wrap(_ dataKey: [UInt8]) throws -> SOPSMasterKey {
        throw SOPSError(file: "", "age recipient: not implemented yet")
    }
}
