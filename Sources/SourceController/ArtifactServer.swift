import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import SluiceRuntime
import SluiceStore

/// Serves stored artifacts over HTTP at their `status.artifact.path`, as Flux's source-controller serves its storage (`--storage-addr`).
///
/// `GET /gitrepository/<namespace>/<name>/<sha>.tar.gz` answers the artifact's bytes, verified against their digest.
public struct ArtifactServer: Service {
    private let server: RouterService

    /// The kinds whose artifacts are served, by the lowercase first path segment.
    static let kinds = ["gitrepository": "GitRepository", "helmrepository": "HelmRepository", "helmchart": "HelmChart", "ocirepository": "OCIRepository"]

    /// A server on `address` reading `store`; `onListening` gets the bound port.
    public init(address: ListenAddress, store: Store, logger: Logger, onListening: @escaping @Sendable (Int) async -> Void = { _ in }) {
        let router = Router()
        router.get("/:kind/:namespace/:name/:file") { _, context -> Response in
            guard let segment = context.parameters.get("kind"), let kind = Self.kinds[segment],
                let namespace = context.parameters.get("namespace"), let name = context.parameters.get("name"),
                let file = context.parameters.get("file"),
                let record = try Self.record(named: file, among: store.artifacts(kind: kind, namespace: namespace, name: name))
            else { return Response(status: .notFound) }
            let content = try store.artifactContent(record)
            return Response(status: .ok, headers: [.contentType: "application/gzip", .init("X-Content-Digest")!: record.digest],
                            body: .init(byteBuffer: ByteBuffer(bytes: content)))
        }
        server = RouterService(router: router, address: address, flag: "--storage-addr", serverName: "sluice-source-controller", logger: logger, onListening: onListening)
    }

    public func run() async throws { try await server.run() }
}
