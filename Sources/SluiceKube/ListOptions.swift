/// Options of a list request.
public struct ListOptions: Sendable, Equatable {
    /// Only objects whose labels match.
    public var labelSelector: String?
    /// Only objects whose fields match (`metadata.name=x`).
    public var fieldSelector: String?
    /// The page size; `nil` asks for everything at once.
    public var limit: Int?
    /// The `continue` token of the previous page.
    public var continueToken: String?

    /// List options.
    public init(labelSelector: String? = nil, fieldSelector: String? = nil, limit: Int? = nil, continueToken: String? = nil) {
        self.labelSelector = labelSelector
        self.fieldSelector = fieldSelector
        self.limit = limit
        self.continueToken = continueToken
    }
}
