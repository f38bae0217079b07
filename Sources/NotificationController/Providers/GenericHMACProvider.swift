import Crypto
import SluiceStore

/// `generic-hmac`: the `generic` post with `X-Signature: sha256=<HMAC-SHA256 of the body keyed with the token>`.
struct GenericHMACProvider: NotificationProvider {
    let generic: GenericProvider
    let token: [UInt8]

    init(settings: ProviderSettings) throws {
        generic = try GenericProvider(settings: settings)
        guard let token = settings.token, !token.isEmpty else { throw ProviderError.missingToken(type: settings.type) }
        self.token = Array(token.utf8)
    }

    func request(for event: Event) throws -> ProviderRequest? {
        guard var request = try generic.request(for: event) else { return nil }
        let mac = HMAC<SHA256>.authenticationCode(for: request.body, using: SymmetricKey(data: token))
        request.headers.append(.init("X-Signature", "sha256=" + Hex.encode(mac)))
        return request
    }
}
