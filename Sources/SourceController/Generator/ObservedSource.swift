import Crypto
import Foundation
import SluiceAPI

/// The state of one source an ArtifactGenerator read: its artifact's digest, revision, origin revision and URL
/// (source-watcher's `ObservedSource`).
struct ObservedSource: Sendable, Hashable {
    /// The source's `kind/namespace/name`, for messages.
    var display: String
    /// The source's artifact.
    var artifact: Artifact

    /// The origin revision: the artifact's `org.opencontainers.image.revision` metadata, when it has one.
    var originRevision: String? { artifact.metadata?[ArtifactGenerator.originRevisionAnnotation] }

    /// source-watcher's `HashObservedSources`: `sha256:` over the sorted `alias=[digest=…,revision=…,url=…]` joined by `|`.
    static func digest(_ sources: [String: ObservedSource]) -> String {
        let parts = sources.map { alias, source in
            "\(alias)=[digest=\(source.artifact.digest ?? ""),revision=\(source.artifact.revision),url=\(source.artifact.url)]"
        }.sorted()
        return "sha256:" + SHA256.hash(data: Array(parts.joined(separator: "|").utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
