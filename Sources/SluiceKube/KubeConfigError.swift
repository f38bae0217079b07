/// A kubeconfig or in-cluster configuration that cannot be used, naming the file and the entry at fault.
public struct KubeConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file the problem is in, when there is one.
    public var file: String?
    /// What is missing or invalid.
    public var message: String

    /// An error about `file`.
    public init(file: String?, _ message: String) {
        self.file = file
        self.message = message
    }

    public var description: String {
        if let file { return "kubeconfig \(file): \(message)" }
        return message
    }
}
