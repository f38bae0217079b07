/// How a deletion treats the object's dependents.
public enum PropagationPolicy: String, Sendable {
    /// Delete dependents in the background.
    case background = "Background"
    /// Delete dependents first.
    case foreground = "Foreground"
    /// Leave dependents (remove their owner references).
    case orphan = "Orphan"
}
