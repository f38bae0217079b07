/// What a finished command left: its exit status and its two outputs.
public struct ShellResult: Sendable {
    /// The exit status.
    public var status: Int32
    /// Standard output.
    public var stdout: String
    /// Standard error.
    public var stderr: String
}
