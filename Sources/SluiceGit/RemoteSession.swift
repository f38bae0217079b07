import CLibGit2
import Foundation

/// What libgit2's remote callbacks share during one fetch: credentials, trust, the deadline, and the first failure.
///
/// libgit2 calls the callbacks on the operation's thread, synchronously, with this object as payload; it lives
/// for the whole operation. A callback that refuses records a `GitError` here (libgit2's own message for an aborted
/// callback says little) and returns `GIT_EUSER`.
final class RemoteSession {
    /// The repository URL.
    let url: GitURL
    /// Credentials and trust.
    let auth: GitAuth
    /// The deadline.
    let control: OperationControl
    /// The parsed `known_hosts`, for SSH.
    let knownHosts: KnownHosts?
    /// HTTP basic credentials sent with every request: the secret's, else the URL's.
    let basicCredentials: (username: String, password: String)?
    /// The first failure a callback recorded.
    private(set) var failure: GitError?
    /// How often a password (HTTP basic or SSH) and an SSH key were handed out; the second request means rejection.
    private var passwordAttempts = 0
    private var keyAttempts = 0
    /// Private keys written to disk because this libgit2 cannot read them from memory.
    private var temporaryKeyFiles: [String] = []

    init(url: GitURL, auth: GitAuth, control: OperationControl) {
        self.url = url
        self.auth = auth
        self.control = control
        knownHosts = auth.knownHosts.map(KnownHosts.init)
        if url.scheme == "http" || url.scheme == "https", auth.bearerToken == nil {
            if let username = auth.username, !username.isEmpty {
                basicCredentials = (username, auth.password ?? "")
            } else if let username = url.user, let password = url.password {
                basicCredentials = (username, password)
            } else {
                basicCredentials = nil
            }
        } else {
            basicCredentials = nil
        }
    }

    /// The URL libgit2 is given: without user and password when the credentials travel in a header (else libgit2
    /// would answer a 401 with the URL's credentials on its own).
    var remoteURL: String { basicCredentials != nil ? url.withoutUserinfo : url.text }

    /// Extra HTTP headers: `Authorization` with the bearer token, or with basic credentials up front.
    ///
    /// Sending basic credentials before any challenge (as go-git does for Flux) saves the 401 round trip on every
    /// fetch, and avoids a libgit2 1.5 bug: the request it replays after a 401 that has a body, on the same
    /// keep-alive connection, fails with "http parser error: invalid constant string".
    var httpHeaders: [String] {
        guard url.scheme == "http" || url.scheme == "https" else { return [] }
        if let token = auth.bearerToken { return ["Authorization: Bearer \(token)"] }
        if let basicCredentials {
            let encoded = Data("\(basicCredentials.username):\(basicCredentials.password)".utf8).base64EncodedString()
            return ["Authorization: Basic \(encoded)"]
        }
        return []
    }

    deinit {
        for path in temporaryKeyFiles { unlink(path) }
    }

    /// Remote callbacks whose payload is this session; valid while the session lives.
    func callbacks() -> git_remote_callbacks {
        var callbacks = git_remote_callbacks()
        git_remote_init_callbacks(&callbacks, UInt32(GIT_REMOTE_CALLBACKS_VERSION))
        callbacks.payload = Unmanaged.passUnretained(self).toOpaque()
        callbacks.credentials = { out, _, usernameFromURL, allowedTypes, payload in
            RemoteSession.from(payload).credentials(out, usernameFromURL: usernameFromURL.map { String(cString: $0) },
                                                   allowedTypes: allowedTypes)
        }
        callbacks.certificate_check = { certificate, valid, host, payload in
            RemoteSession.from(payload).checkCertificate(certificate, valid: valid != 0, host: host.map { String(cString: $0) })
        }
        callbacks.transfer_progress = { stats, payload in
            let session = RemoteSession.from(payload)
            if let limit = session.control.maxReceivedBytes, let stats, stats.pointee.received_bytes > limit {
                return session.fail(session.control.sizeError ?? GitError(.other, "fetch received more than \(limit) bytes"))
            }
            return session.checkDeadline()
        }
        callbacks.sideband_progress = { _, _, payload in
            RemoteSession.from(payload).checkDeadline()
        }
        return callbacks
    }

    /// Records `error` (the first one wins) and tells libgit2 to stop.
    func fail(_ error: GitError) -> Int32 {
        if failure == nil { failure = error }
        git_error_set_str(Int32(GIT_ERROR_CALLBACK.rawValue), error.message)
        return GIT_EUSER.rawValue
    }

    /// Stops the operation once the deadline passed.
    func checkDeadline() -> Int32 {
        control.isExpired ? fail(control.expiryError) : 0
    }

    private static func from(_ payload: UnsafeMutableRawPointer?) -> RemoteSession {
        Unmanaged<RemoteSession>.fromOpaque(payload!).takeUnretainedValue()
    }

    // MARK: Credentials

    private func credentials(_ out: UnsafeMutablePointer<UnsafeMutablePointer<git_credential>?>?, usernameFromURL: String?, allowedTypes: UInt32) -> Int32 {
        if control.isExpired { return fail(control.expiryError) }
        let allowed = { (type: git_credential_t) in allowedTypes & type.rawValue != 0 }
        let sshUser = usernameFromURL ?? url.user ?? "git"
        if allowed(GIT_CREDENTIAL_USERNAME) {
            return git_credential_username_new(out, sshUser)
        }
        if allowed(GIT_CREDENTIAL_SSH_KEY) || allowed(GIT_CREDENTIAL_SSH_MEMORY) {
            guard let identity = auth.identity, !identity.isEmpty else {
                return fail(GitError(.authentication, "\(url.redacted): the SSH server requires a key and the secret has no identity"))
            }
            keyAttempts += 1
            guard keyAttempts == 1 else {
                return fail(GitError(.authentication, "\(url.redacted): the SSH server rejected the key for user '\(sshUser)'"))
            }
            return sshKey(out, user: sshUser, identity: identity)
        }
        if allowed(GIT_CREDENTIAL_USERPASS_PLAINTEXT) {
            // Credentials went with the request already: a challenge now means they were refused.
            if let basicCredentials {
                return fail(GitError(.authentication, "\(url.redacted): the server rejected the credentials for user '\(basicCredentials.username)'"))
            }
            if auth.bearerToken != nil {
                return fail(GitError(.authentication, "\(url.redacted): the server rejected the bearer token"))
            }
            guard let username = auth.username, !username.isEmpty else {
                return fail(GitError(.authentication, "\(url.redacted): the server requires authentication and the secret has no username/password"))
            }
            passwordAttempts += 1
            guard passwordAttempts == 1 else {
                return fail(GitError(.authentication, "\(url.redacted): the server rejected the credentials for user '\(username)'"))
            }
            return git_credential_userpass_plaintext_new(out, username, auth.password ?? "")
        }
        return fail(GitError(.authentication, "\(url.redacted): the server asks for credentials of a kind not supported (allowed types \(allowedTypes))"))
    }

    /// An SSH key credential from memory, or from a 0600 temporary file when libgit2 lacks memory credentials.
    private func sshKey(_ out: UnsafeMutablePointer<UnsafeMutablePointer<git_credential>?>?, user: String, identity: String) -> Int32 {
        if git_credential_ssh_key_memory_new(out, user, nil, identity, nil) == 0 { return 0 }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-key-\(UUID().uuidString)").path
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            return fail(GitError(.other, "cannot write a temporary SSH key file: \(String(cString: strerror(errno)))"))
        }
        temporaryKeyFiles.append(path)
        let bytes = Array(identity.utf8)
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        close(descriptor)
        guard written == bytes.count else { return fail(GitError(.other, "cannot write a temporary SSH key file")) }
        return git_credential_ssh_key_new(out, user, nil, path, nil)
    }

    // MARK: Server identity

    private func checkCertificate(_ certificate: UnsafeMutablePointer<git_cert>?, valid: Bool, host: String?) -> Int32 {
        if control.isExpired { return fail(control.expiryError) }
        guard let certificate else { return fail(GitError(.certificate, "\(url.redacted): the server presented no certificate")) }
        let host = host ?? url.host ?? ""
        switch certificate.pointee.cert_type {
        case GIT_CERT_HOSTKEY_LIBSSH2:
            return checkHostKey(UnsafeMutableRawPointer(certificate).assumingMemoryBound(to: git_cert_hostkey.self), host: host)
        case GIT_CERT_X509:
            if valid { return 0 }
            let x509 = UnsafeMutableRawPointer(certificate).assumingMemoryBound(to: git_cert_x509.self)
            guard let caPEM = auth.caCertificate, !caPEM.isEmpty else {
                return fail(GitError(.certificate, "\(url.redacted): the certificate of \(host) is not trusted by the system roots (no ca.crt given)"))
            }
            let reason = CertificateVerifier.verify(
                leaf: UnsafeRawBufferPointer(start: x509.pointee.data, count: x509.pointee.len), host: host, caPEM: caPEM)
            if let reason {
                return fail(GitError(.certificate, "\(url.redacted): the certificate of \(host) is not trusted by ca.crt: \(reason)"))
            }
            return 0
        default:
            return GIT_PASSTHROUGH.rawValue
        }
    }

    private func checkHostKey(_ hostkey: UnsafeMutablePointer<git_cert_hostkey>, host: String) -> Int32 {
        let name = KnownHosts.hostName(url.host ?? host, port: url.effectivePort)
        guard hostkey.pointee.type.rawValue & GIT_CERT_SSH_RAW.rawValue != 0, let raw = hostkey.pointee.hostkey else {
            return fail(GitError(.hostKey, "\(url.redacted): libssh2 did not provide the host key of \(name)"))
        }
        let key = [UInt8](UnsafeRawBufferPointer(start: raw, count: hostkey.pointee.hostkey_len))
        let presented = "\(KnownHosts.keyType(ofBlob: key) ?? "unknown") \(KnownHosts.fingerprint(key))"
        guard let knownHosts, !knownHosts.isEmpty else {
            return fail(GitError(.hostKey, "\(url.redacted): no known_hosts given; \(name) presented \(presented)"))
        }
        switch knownHosts.verify(host: url.host ?? host, port: url.effectivePort, key: key) {
        case .trusted:
            return 0
        case .revoked:
            return fail(GitError(.hostKey, "\(url.redacted): the host key of \(name) is revoked in known_hosts: \(presented)"))
        case .mismatch(let types):
            return fail(GitError(.hostKey, "\(url.redacted): host key mismatch for \(name): the server presented \(presented), known_hosts has \(types.joined(separator: ", ")) keys that differ"))
        case .unknownHost:
            return fail(GitError(.hostKey, "\(url.redacted): \(name) is not in known_hosts; the server presented \(presented)"))
        }
    }
}
