import Foundation
import CLibGit2

extension GitError {
    /// The error for a failed libgit2 call: libgit2's message and class, classified, with secrets scrubbed.
    ///
    /// A failure a callback recorded (a refused host key, rejected credentials, the deadline) wins over libgit2's
    /// generic "callback returned" message.
    static func libgit2(_ code: Int32, _ doing: String, url: GitURL?, auth: GitAuth?, session: RemoteSession? = nil) -> GitError {
        let last = LibGit2.lastError()
        if var recorded = session?.failure {
            recorded.libgit2Class = last?.errorClass
            recorded.libgit2Code = code
            return recorded
        }
        let detail = last?.message ?? "libgit2 error \(code)"
        let kind = classify(code: code, errorClass: last?.errorClass, message: detail)
        let message = scrub("\(doing): \(detail)", url: url, auth: auth)
        return GitError(kind, message, libgit2Class: last?.errorClass, libgit2Code: code)
    }

    /// The kind for a libgit2 return code, error class and message.
    static func classify(code: Int32, errorClass: Int32?, message: String) -> Kind {
        if code == GIT_EAUTH.rawValue { return .authentication }
        if code == GIT_ECERTIFICATE.rawValue {
            return errorClass == Int32(GIT_ERROR_SSH.rawValue) ? .hostKey : .certificate
        }
        let lower = message.lowercased()
        if lower.contains("status code: 401") || lower.contains("status code: 403") || lower.contains("authentication required")
            || lower.contains("unauthorized") || lower.contains("authentication failed") {
            return .authentication
        }
        switch errorClass.map({ git_error_t(UInt32(bitPattern: $0)) }) {
        case GIT_ERROR_OS, GIT_ERROR_NET, GIT_ERROR_SSH, GIT_ERROR_HTTP: return .network
        case GIT_ERROR_SSL: return .certificate
        default: return .other
        }
    }

    /// `message` without the URL's password and the secret's password, token and key.
    static func scrub(_ message: String, url: GitURL?, auth: GitAuth?) -> String {
        var message = message
        if let url, url.password != nil {
            message = message.replacingOccurrences(of: url.text, with: url.redacted)
            message = GitURL.scrub(message)
        }
        let secrets = (auth?.secrets ?? []) + [url?.password].compactMap { $0 }.filter { $0.count >= 3 }
        for secret in secrets { message = message.replacingOccurrences(of: secret, with: "*****") }
        return message
    }
}
