/// Conditions a deletion requires of the object it deletes.
public struct DeletePreconditions: Sendable, Equatable {
    /// The object must have this UID.
    public var uid: String?
    /// The object must be at this resource version.
    public var resourceVersion: String?

    /// Preconditions.
    public init(uid: String? = nil, resourceVersion: String? = nil) {
        self.uid = uid
        self.resourceVersion = resourceVersion
    }
}
