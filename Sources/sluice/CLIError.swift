import Foundation

/// A failure the command line reports as one clear line plus a hint.
struct CLIError: Error, CustomStringConvertible {
    /// What went wrong, one line.
    var message: String
    /// What to try next, if anything.
    var hint: String?

    /// An error with an optional hint.
    init(_ message: String, hint: String? = nil) {
        self.message = message
        self.hint = hint
    }

    var description: String { message }
}
