import SluiceTestSupport
import Testing

/// The shared polling helper: a Boolean condition must wait for `true`, not return the first `false` as a value.
@Suite struct EventuallyTests {
    @Test func aConditionThatNeverHoldsTimesOut() async {
        await #expect(throws: EventuallyTimedOut.self) { try await eventually(timeout: .milliseconds(100)) { false } }
    }

    @Test func aValueIsReturnedOnceThere() async throws {
        var polls = 0
        let value: Int = try await eventually(timeout: .seconds(60)) {
            polls += 1
            return polls >= 3 ? polls : nil
        }
        #expect(value == 3)
    }
}
