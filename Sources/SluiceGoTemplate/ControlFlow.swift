/// `{{break}}` and `{{continue}}` unwinding to the enclosing `range`.
enum ControlFlow: Error {
    case breakLoop
    case continueLoop
}
