import Crypto
import Foundation
import Logging
import SluiceAPI
import SluiceCore
import SluiceKube
import SluiceRuntime
import SluiceStore

/// Where a HelmRelease's Helm release lives, as Flux names it: the release name (`spec.releaseName`, else
/// `[targetNamespace-]name`, shortened to Helm's 53 characters by Flux's `ShortenName`), the namespace its objects go
/// to and the namespace its storage Secrets are kept in.
public struct HelmReleaseTarget: Sendable, Hashable {
    /// Helm's longest release name.
    public static let maxNameLength = 53

    /// The release name, at most 53 characters.
    public var name: String
    /// The namespace the release's objects go to (`spec.targetNamespace`, else the HelmRelease's).
    public var namespace: String
    /// The namespace of the release's storage (`spec.storageNamespace`, else the HelmRelease's).
    public var storageNamespace: String

    /// A target with these names.
    public init(name: String, namespace: String, storageNamespace: String) {
        self.name = name
        self.namespace = namespace
        self.storageNamespace = storageNamespace
    }

    /// The target of `object`.
    public init(_ object: HelmRelease) {
        let ownNamespace = object.metadata.namespace ?? "default"
        let target = object.spec.targetNamespace.flatMap { $0.isEmpty ? nil : $0 }
        var full = object.metadata.name
        if let target { full = "\(target)-\(object.metadata.name)" }
        if let name = object.spec.releaseName, !name.isEmpty { full = name }
        self.name = Self.shorten(full)
        self.namespace = target ?? ownNamespace
        self.storageNamespace = object.spec.storageNamespace.flatMap { $0.isEmpty ? nil : $0 } ?? ownNamespace
    }

    /// Flux's `release.ShortenName`: a name longer than 53 characters becomes its first 40, a dash and the first 12
    /// hex digits of its SHA-256.
    public static func shorten(_ name: String) -> String {
        let bytes = Array(name.utf8)
        guard bytes.count > maxNameLength else { return name }
        let hashLength = 12
        let sum = SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
        let prefix = String(decoding: bytes.prefix(maxNameLength - (hashLength + 1)), as: UTF8.self)
        return prefix + "-" + sum.prefix(hashLength)
    }
}
