/// Why a kustomize build failed, naming the file (and where known the document or field) involved.
public struct KustomizeError: Error, Sendable, CustomStringConvertible {
    /// The root-relative path of the file or directory involved, when there is one.
    public var file: String?
    /// What went wrong.
    public var message: String
    /// The byte limit a read was refused at, when the error is that a file is larger than the reader was allowed.
    public var exceededLimit: Int?

    /// An error about `file`.
    public init(_ message: String, file: String? = nil) {
        self.message = message
        self.file = file
    }

    /// A file larger than `limit` bytes (`size` when known), refused by a ``KustomizeFileSystem``.
    public static func tooLarge(_ file: String, size: Int? = nil, limit: Int) -> KustomizeError {
        var error = KustomizeError("file is \(size.map { "\($0) bytes, " } ?? "")more than the limit of \(limit) bytes", file: file)
        error.exceededLimit = limit
        return error
    }

    /// `file: message`, or the message alone.
    public var description: String {
        guard let file else { return message }
        return "\(file.isEmpty ? "." : file): \(message)"
    }

    /// This error with `context` put in front of the message, keeping the innermost file.
    func wrapped(_ context: String) -> KustomizeError {
        KustomizeError("\(context): \(message)", file: file)
    }
}
