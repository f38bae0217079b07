import Hummingbird
import NIOCore

/// The request context the API server uses: Hummingbird's basics plus the connection, so that a watch ends (and
/// gives back its place under `--max-watches`) as soon as its client goes away, not at its next event.
struct APIRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The client's connection.
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }
}
