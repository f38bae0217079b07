import Testing
@testable import SluiceRuntime

@Suite struct WorkQueueTests {
    @Test func deduplicatesQueuedKeys() async {
        let queue = WorkQueue<String>()
        await queue.add("a")
        await queue.add("a")
        await queue.add("b")
        #expect(await queue.count == 2)
        #expect(await queue.next() == "a")
        #expect(await queue.next() == "b")
    }

    @Test func aKeyAddedWhileProcessingIsQueuedAgainWhenDone() async {
        let queue = WorkQueue<String>()
        await queue.add("a")
        #expect(await queue.next() == "a")
        await queue.add("a")
        #expect(await queue.count == 0, "not handed to a second worker while processing")
        await queue.done("a")
        #expect(await queue.count == 1)
        #expect(await queue.next() == "a")
    }

    @Test func delayedAddsKeepTheEarliestDeadline() async throws {
        let queue = WorkQueue<String>()
        await queue.add("a", after: .seconds(60))
        await queue.add("a", after: .milliseconds(20))
        let clock = ContinuousClock()
        let started = clock.now
        #expect(await queue.next() == "a")
        #expect(clock.now - started < .seconds(30), "the 20 ms add won, not the 60 s one")
    }

    @Test func backoffDoublesUpToTheCap() {
        let backoff = Backoff(base: .milliseconds(100), cap: .seconds(1))
        #expect(backoff.delay(failures: 1) == .milliseconds(100))
        #expect(backoff.delay(failures: 2) == .milliseconds(200))
        #expect(backoff.delay(failures: 4) == .milliseconds(800))
        #expect(backoff.delay(failures: 5) == .seconds(1))
        #expect(backoff.delay(failures: 500) == .seconds(1))
    }

    @Test func rateLimitedAddsBackOffAndForgetResets() async {
        let queue = WorkQueue<String>(backoff: Backoff(base: .milliseconds(1), cap: .milliseconds(8)))
        #expect(await queue.addRateLimited("a") == .milliseconds(1))
        #expect(await queue.addRateLimited("a") == .milliseconds(2))
        #expect(await queue.failureCount("a") == 2)
        await queue.forget("a")
        #expect(await queue.failureCount("a") == 0)
        #expect(await queue.next() == "a")
    }

    @Test func shutDownReleasesWaitingWorkers() async {
        let queue = WorkQueue<String>()
        async let waiting = queue.next()
        try? await Task.sleep(for: .milliseconds(20))
        await queue.shutDown()
        #expect(await waiting == nil)
        #expect(await queue.next() == nil)
    }
}
