import SluiceAPI
import SluiceCore
import SluiceKube

extension ProviderSettings {
    /// The settings a Provider object and its Secrets give, read through `api`.
    ///
    /// - Throws: ``ProviderSettingsError`` when a referenced Secret is missing, or the API's error.
    static func load(_ provider: Provider, api: any KubernetesAPI) async throws -> ProviderSettings {
        let namespace = provider.metadata.namespace ?? "default"
        func secret(_ reference: LocalObjectReference?) async throws -> SecretValues? {
            guard let reference else { return nil }
            guard let object = try await api.get(SecretValues.gvk, namespace: namespace, name: reference.name) else {
                throw ProviderSettingsError(message: "secret '\(namespace)/\(reference.name)' not found")
            }
            return SecretValues(object)
        }
        let credentials = try await secret(provider.spec.secretRef)
        let proxy = try await secret(provider.spec.proxySecretRef)
        let certificates = try await secret(provider.spec.certSecretRef)
        return ProviderSettings(
            type: provider.spec.type,
            address: credentials?["address"] ?? provider.spec.address,
            token: credentials?["token"],
            username: credentials?["username"] ?? provider.spec.username,
            password: credentials?["password"],
            channel: provider.spec.channel,
            headers: credentials?.map("headers") ?? [:],
            proxy: proxy?["address"] ?? credentials?["proxy"] ?? provider.spec.proxy,
            caCertificate: certificates?["ca.crt"] ?? certificates?["caFile"],
            timeout: provider.spec.timeout?.duration ?? .seconds(15),
            uid: provider.metadata.uid)
    }
}

/// A Provider whose Secrets cannot be read.
struct ProviderSettingsError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
