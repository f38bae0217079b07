/// The queue of one Provider: its deliveries run one after another, apart from every other Provider's, so a slow one blocks only itself.
final class ProviderWorker: Sendable {
    private let stream: AsyncStream<DeliveryJob>
    private let continuation: AsyncStream<DeliveryJob>.Continuation

    init() {
        (stream, continuation) = AsyncStream.makeStream(of: DeliveryJob.self)
    }

    /// Queues `job`.
    func enqueue(_ job: DeliveryJob) { continuation.yield(job) }

    /// Ends the queue once what is queued has run.
    func finish() { continuation.finish() }

    /// Runs `deliver` for each job until the queue ends or the task is cancelled.
    func run(_ deliver: @Sendable (DeliveryJob) async -> Void) async {
        for await job in stream {
            if Task.isCancelled { return }
            await deliver(job)
        }
    }
}
