/// How server-side apply treats a node, from its schema (or, without one, from its value).
enum FieldShape: Equatable {
    /// A leaf value.
    case scalar
    /// A list or map owned and replaced as a whole.
    case atomic
    /// An object with declared fields; a declared field is a member only when empty.
    case structure
    /// An object whose every key is an entry (labels, data, untyped objects).
    case map
    /// A list of distinct scalars, merged by value.
    case set
    /// A list of objects merged by these key fields.
    case associative([String])
}
