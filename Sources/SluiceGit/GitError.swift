/// Why a Git operation failed.
///
/// The message carries libgit2's own message (with the URL's password and any secret scrubbed); `kind` is what
/// the reconciler decides on: `.invalidURL` and `.unsupportedScheme` stall, the rest are retried.
public struct GitError: Error, Sendable, CustomStringConvertible {
    /// The failure class the reconciler decides on.
    public enum Kind: Sendable {
        /// The URL cannot be parsed.
        case invalidURL
        /// The URL's scheme is not https, http, ssh, git or file.
        case unsupportedScheme
        /// The server wants credentials that were not given, or rejected those given.
        case authentication
        /// An SSH host key is unknown, mismatched or revoked, or no `known_hosts` was given.
        case hostKey
        /// An HTTPS certificate is not trusted by the system roots nor by `ca.crt`.
        case certificate
        /// The branch, tag, reference or commit does not exist upstream (or no tag satisfies the constraint).
        case referenceNotFound
        /// The server cannot be reached, or the connection failed.
        case network
        /// The operation did not finish before its deadline.
        case timeout
        /// Anything else (a repository libgit2 cannot read, a bad constraint, a local I/O error).
        case other
    }

    /// The failure class.
    public var kind: Kind
    /// What went wrong, for conditions and events; never contains credentials.
    public var message: String
    /// libgit2's error class (`git_error_t`) when libgit2 reported the failure.
    public var libgit2Class: Int32?
    /// libgit2's return code (`git_error_code`) when libgit2 reported the failure.
    public var libgit2Code: Int32?

    /// Creates an error.
    public init(_ kind: Kind, _ message: String, libgit2Class: Int32? = nil, libgit2Code: Int32? = nil) {
        self.kind = kind
        self.message = message
        self.libgit2Class = libgit2Class
        self.libgit2Code = libgit2Code
    }

    /// The message.
    public var description: String { message }
}
