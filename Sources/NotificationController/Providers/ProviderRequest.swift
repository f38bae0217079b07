/// An HTTP request a provider wants sent.
public struct ProviderRequest: Sendable, Hashable {
    /// The absolute URL.
    public var url: String
    /// The method, `POST` for every provider here.
    public var method: String
    /// Header fields, in order.
    public var headers: [HeaderField]
    /// The body.
    public var body: [UInt8]

    /// One header field.
    public struct HeaderField: Sendable, Hashable {
        /// The field name.
        public var name: String
        /// The field value.
        public var value: String

        /// A field.
        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    /// A request; JSON content type unless `headers` say otherwise.
    public init(url: String, method: String = "POST", headers: [HeaderField] = [], body: [UInt8]) {
        self.url = url
        self.method = method
        self.headers = headers
        self.body = body
        if !headers.contains(where: { $0.name.lowercased() == "content-type" }) {
            self.headers.insert(HeaderField("Content-Type", "application/json"), at: 0)
        }
    }

    /// The value of header `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}
