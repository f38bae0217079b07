/// Something that wraps a document's data key for one master key (an age recipient, an OpenPGP key).
public protocol SOPSRecipient: Sendable {
    /// The metadata entry holding `dataKey` wrapped for this recipient.
    func wrap(_ dataKey: [UInt8]) throws -> SOPSMasterKey
}
