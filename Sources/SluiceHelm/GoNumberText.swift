import Foundation
/// Numbers printed as Go prints them in the messages and strings Helm derives from values.
enum GoNumberText {
    /// A `float64` as Go's `%v` prints one of ordinary size: integers without a fraction, others as Swift's shortest
    /// round-trip form (the same digits Go's shortest formatting chooses).
    static func float(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15, let exact = Int64(exactly: value) { return String(exact) }
        return "\(value)"
    }
}
