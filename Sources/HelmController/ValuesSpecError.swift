/// `spec.values` that is not a map of values.
struct ValuesSpecError: Error, Sendable, CustomStringConvertible {
    /// What is wrong.
    var message: String
    var description: String { message }
}
