/// What a field that names a missing map key evaluates to: Go's `missingkey` option.
public enum MissingKeyPolicy: Sendable, Equatable {
    /// Go's default (`missingkey=default`): no value, printed as `<no value>`.
    case noValue
    /// `missingkey=zero`, as Helm renders: the map's zero value (a nil `interface{}` for values).
    case zero
    /// `missingkey=error`, as Helm's `--strict` renders: an error naming the key.
    case error
}
