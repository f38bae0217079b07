/// Why an event cannot be sent to a provider; never retried.
public enum ProviderError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No type of that name.
    case unsupportedType(String)
    /// Neither the Secret nor the spec gives an address.
    case missingAddress(type: String)
    /// The address is not an http(s) URL.
    case invalidAddress(String)
    /// The provider needs a token and has none.
    case missingToken(type: String)
    /// The address does not name a repository (`https://host/owner/repo`).
    case invalidRepository(String)

    public var description: String {
        switch self {
        case .unsupportedType(let type): return "provider type '\(type)' is not supported"
        case .missingAddress(let type): return "provider type '\(type)' needs an address (spec.address or the secret's 'address')"
        case .invalidAddress(let address): return "provider address '\(address)' is not an http(s) URL"
        case .missingToken(let type): return "provider type '\(type)' needs a token in its secret"
        case .invalidRepository(let address): return "'\(address)' does not name a repository as https://host/owner/repository"
        }
    }
}
