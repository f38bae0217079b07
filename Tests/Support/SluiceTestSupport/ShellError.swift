/// A command that failed.
public struct ShellError: Error, CustomStringConvertible {
    /// The command, its exit status and what it printed.
    public var description: String
}
