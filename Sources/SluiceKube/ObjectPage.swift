import SluiceCore

/// One page of a paged list: the objects, the list's resource version and the token of the next page.
public struct ObjectPage: Sendable {
    /// The objects and resource version.
    public var list: ObjectList
    /// The `metadata.continue` token; `nil` on the last page.
    public var continueToken: String?

    /// A page.
    public init(list: ObjectList, continueToken: String?) {
        self.list = list
        self.continueToken = continueToken
    }
}
