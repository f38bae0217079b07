import CLibGit2

/// libgit2's process-wide initialisation and its thread-local last error.
enum LibGit2 {
    /// `git_libgit2_init`, run once on first use; libgit2 stays initialised for the life of the process.
    static let initialized: Bool = git_libgit2_init() > 0

    /// Makes sure libgit2 is initialised (a no-op after the first call).
    static func ensureInitialized() { _ = initialized }

    /// The last error libgit2 recorded on this thread, if any.
    static func lastError() -> (errorClass: Int32, message: String)? {
        guard let error = git_error_last() else { return nil }
        let message = error.pointee.message.map { String(cString: $0) } ?? "unknown libgit2 error"
        return (error.pointee.klass, message)
    }

    /// The features this libgit2 was built with, for diagnostics: `threads`, `https`, `ssh`.
    static var features: [String] {
        ensureInitialized()
        let flags = UInt32(bitPattern: git_libgit2_features())
        var names: [String] = []
        if flags & GIT_FEATURE_THREADS.rawValue != 0 { names.append("threads") }
        if flags & GIT_FEATURE_HTTPS.rawValue != 0 { names.append("https") }
        if flags & GIT_FEATURE_SSH.rawValue != 0 { names.append("ssh") }
        return names
    }

    /// The hex form of `oid`.
    static func hex(_ oid: git_oid) -> String {
        var oid = oid
        var buffer = [CChar](repeating: 0, count: Int(GIT_OID_HEXSZ) + 1)
        git_oid_fmt(&buffer, &oid)
        return String(decoding: buffer.prefix(Int(GIT_OID_HEXSZ)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
