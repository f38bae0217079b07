/// A value during evaluation and whether it sits in an `interface{}` slot (a map value or slice element of values),
/// which Go names in errors (`can't evaluate field x in type interface {}`).
struct Slot {
    var value: GoValue
    var isInterface: Bool

    /// Go's invalid `reflect.Value{}`.
    static var missing: Slot { Slot(value: .missing, isInterface: false) }

    /// A value; a nil one is an `interface{}` slot, since only those hold nil.
    init(_ value: GoValue, isInterface: Bool = false) {
        self.value = value
        self.isInterface = isInterface || { if case .null = value { return true } else { return false } }()
    }

    init(value: GoValue, isInterface: Bool) {
        self.value = value
        self.isInterface = isInterface
    }

    /// The type Go names in errors: `interface {}` for an interface slot, else the dynamic type.
    var typeName: String { isInterface ? "interface {}" : value.typeName }

    /// What a pipeline makes of the value: out of its interface slot, nil becoming no value.
    var unwrapped: Slot {
        guard isInterface else { return self }
        if case .null = value { return .missing }
        return Slot(value: value, isInterface: false)
    }
}
