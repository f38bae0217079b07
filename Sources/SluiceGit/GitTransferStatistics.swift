/// What one fetch moved over the wire, from libgit2's transfer progress.
///
/// A fetch where nothing changed upstream receives no objects and no bytes.
public struct GitTransferStatistics: Sendable, Hashable {
    /// Objects the server sent in the pack.
    public var receivedObjects: Int
    /// Bytes of pack data received.
    public var receivedBytes: Int
    /// Objects in the pack, including those completed from the local cache (thin packs).
    public var totalObjects: Int

    /// Creates statistics; all zero means nothing was transferred.
    public init(receivedObjects: Int = 0, receivedBytes: Int = 0, totalObjects: Int = 0) {
        self.receivedObjects = receivedObjects
        self.receivedBytes = receivedBytes
        self.totalObjects = totalObjects
    }
}
