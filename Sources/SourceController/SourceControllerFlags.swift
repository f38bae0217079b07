import ArgumentParser
import Foundation
import SluiceRuntime

/// The flags only the source-controller takes, named as Flux's source-controller names them.
public struct SourceControllerFlags: ParsableArguments, Sendable {
    @Option(name: .customLong("artifact-max-size"), help: "The largest artifact, in bytes, the controller stores (compressed).")
    public var artifactMaxSize: Int64 = 100 << 20

    @Option(name: .customLong("git-cache-dir"), help: "Where fetched repositories are cached, one bare repository per URL (default: git-cache beside the store).")
    public var gitCacheDirectory: String?

    @Option(name: .customLong("storage-addr"), help: "Where to serve artifacts over HTTP (host:port; ':port' is loopback).")
    public var storageAddress: ListenAddress = ListenAddress(host: "127.0.0.1", port: 9090)

    @Option(name: .customLong("storage-adv-addr"), help: "The host:port written into status.artifact.url (default: the address served).")
    public var storageAdvertisedAddress: String?

    @Flag(name: .customLong("allow-local-git-urls"),
          help: "Also accept file:// and git:// GitRepository URLs. Off by default, as in Flux: a file:// URL reads any repository on the controller's disk (the Git caches of other objects included) and git:// is unauthenticated.")
    public var allowLocalGitURLs = false

    @Flag(name: .customLong("no-cross-namespace-refs"), help: "Refuse ArtifactGenerator sources in another namespace than the generator's.")
    public var noCrossNamespaceRefs = false

    @Option(name: .customLong("helm-index-max-size"), help: "The largest Helm repository index, in bytes, the controller reads.")
    public var helmIndexMaxSize: Int = 50 << 20

    @Option(name: .customLong("helm-chart-max-size"), help: "The largest Helm chart package, in bytes, the controller downloads.")
    public var helmChartMaxSize: Int = 10 << 20

    public init() {}

    public func validate() throws {
        guard artifactMaxSize > 0 else { throw ValidationError("--artifact-max-size must be positive, got \(artifactMaxSize)") }
        guard helmIndexMaxSize > 0, helmChartMaxSize > 0 else { throw ValidationError("--helm-index-max-size and --helm-chart-max-size must be positive") }
    }

    /// The host:port written into `status.artifact.url`: `--storage-adv-addr`, else the address served.
    public var advertisedStorageAddress: String { storageAdvertisedAddress ?? storageAddress.description }

    /// The Git cache directory: the flag, else `git-cache` beside the store file.
    public func gitCacheDirectory(storePath: String) -> URL {
        if let gitCacheDirectory { return URL(fileURLWithPath: gitCacheDirectory) }
        return URL(fileURLWithPath: storePath).deletingLastPathComponent().appendingPathComponent("git-cache")
    }
}
