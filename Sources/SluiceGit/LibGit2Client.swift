import CLibGit2
import Crypto
import Foundation
import Logging
import SluiceCore

/// The `GitClient` over libgit2: one bare cache repository per URL under `cacheDirectory`.
///
/// The cache of a URL lives in `cacheDirectory/<sha256(url) hex>` and is reused by every fetch of that URL, so a
/// fetch only transfers what is new. Operations on one URL are serialised in-process and, through an `flock` on
/// `<hex>.lock` beside the cache, across processes sharing the directory. Each operation runs on a thread of its
/// own (libgit2 blocks) and the caller stops waiting at the deadline; the abandoned thread keeps its locks until
/// libgit2 returns, and aborts at its next callback.
public final class LibGit2Client: GitClient {
    /// Where the caches live.
    public let cacheDirectory: URL
    private let logger: Logger
    private let locks = URLLocks()

    /// Creates a client caching under `cacheDirectory` (created when needed).
    public init(cacheDirectory: URL, logger: Logger) {
        self.cacheDirectory = cacheDirectory
        self.logger = logger
        LibGit2.ensureInitialized()
    }

    /// Fetches what `reference` needs from `url` into the cache for that URL and resolves it.
    public func fetch(url: String, reference: GitReference, auth: GitAuth, timeout: Duration) async throws -> FetchedRevision {
        try await fetch(url: url, reference: reference, auth: auth, timeout: timeout, maxBytes: nil)
    }

    /// ``fetch(url:reference:auth:timeout:)`` that stops once the server has sent more than `maxBytes` bytes (nil: no limit).
    public func fetch(url: String, reference: GitReference, auth: GitAuth, timeout: Duration, maxBytes: Int?) async throws -> FetchedRevision {
        let gitURL = try GitURL(url)
        if gitURL.scheme == "ssh", KnownHosts(auth.knownHosts ?? "").isEmpty {
            throw GitError(.hostKey, "\(gitURL.redacted): an ssh URL needs known_hosts in the secret; the host key is never skipped")
        }
        let control = OperationControl(
            timeout: timeout, timeoutError: GitError(.timeout, "fetch of \(gitURL.redacted) timed out after \(timeout.shortDescription)"),
            maxReceivedBytes: maxBytes,
            sizeError: maxBytes.map { GitError(.other, "fetch of \(gitURL.redacted) received more than the limit of \($0) bytes") })
        let key = Self.cacheKey(url)
        let started = ContinuousClock.now
        let fetched = try await BlockingOperation.run(name: "git-fetch", control: control) { [self] in
            try self.locked(key, control: control) { () throws(GitError) in
                let repository = try CacheRepository.openOrCreate(at: self.cachePath(key))
                return try RemoteFetch(repository: repository, url: gitURL, auth: auth, reference: reference, control: control).run()
            }
        }
        logger.debug("fetched", metadata: [
            "url": "\(gitURL.redacted)", "ref": "\(reference)", "revision": "\(fetched.revision)",
            "receivedObjects": "\(fetched.transfer.receivedObjects)", "receivedBytes": "\(fetched.transfer.receivedBytes)",
            "duration": "\(ContinuousClock.now - started)",
        ])
        return fetched
    }

    /// Writes the tree of `commit` from the cache of `url` into `directory` (created if missing; must be empty).
    public func checkout(url: String, commit: String, into directory: URL) async throws {
        try await checkout(url: url, commit: commit, into: directory, maxBytes: nil)
    }

    /// ``checkout(url:commit:into:)`` that stops before the files written would exceed `maxBytes` bytes (nil: no limit)
    /// and, when `refusingSubmodules`, fails at the first submodule (naming its path) instead of leaving it empty.
    public func checkout(url: String, commit: String, into directory: URL, maxBytes: Int?, refusingSubmodules: Bool = false) async throws {
        let gitURL = try GitURL(url)
        let sha = commit.lowercased()
        guard (4...40).contains(sha.count), sha.allSatisfy(\.isHexDigit) else { throw GitError(.other, "invalid commit sha '\(commit)'") }
        try Self.prepareEmptyDirectory(directory)
        let control = OperationControl(timeout: nil, timeoutError: GitError(.timeout, "checkout timed out"))
        let key = Self.cacheKey(url)
        let logger = logger
        try await BlockingOperation.run(name: "git-checkout", control: control) { [self] in
            try self.locked(key, control: control) { () throws(GitError) in
                guard let repository = try CacheRepository.open(at: self.cachePath(key)) else {
                    throw GitError(.referenceNotFound, "no cache for \(gitURL.redacted); fetch it first")
                }
                guard let oid = repository.commit(matching: sha) else {
                    throw GitError(.referenceNotFound, "commit '\(sha)' not found in the cache of \(gitURL.redacted); fetch it first")
                }
                var writer = TreeWriter(repository: repository, logger: logger, maxBytes: maxBytes, refusesSubmodules: refusingSubmodules)
                try writer.write(commit: oid, into: directory.path)
            }
        }
    }

    /// Deletes the cache of `url` and its lock file.
    public func removeCache(url: String) async throws {
        let key = Self.cacheKey(url)
        let control = OperationControl(timeout: nil, timeoutError: GitError(.timeout, "removing the cache timed out"))
        try await BlockingOperation.run(name: "git-remove-cache", control: control) { [self] in
            try self.locked(key, control: control) { () throws(GitError) in
                let path = self.cachePath(key)
                if FileManager.default.fileExists(atPath: path) {
                    do { try FileManager.default.removeItem(atPath: path) } catch {
                        throw GitError(.other, "cannot remove the cache \(path): \(error)")
                    }
                }
                // Deleted while locked: the next locker notices the file changed under it and locks the new one.
                unlink(self.lockPath(key))
            }
        }
    }

    /// The directory name of the cache of `url`: the hex SHA-256 of the URL as given.
    static func cacheKey(_ url: String) -> String {
        SHA256.hash(data: Data(url.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// The cache directory of `key`.
    func cachePath(_ key: String) -> String { cacheDirectory.appendingPathComponent(key).path }

    /// The lock file of `key`, beside its cache.
    func lockPath(_ key: String) -> String { cacheDirectory.appendingPathComponent("\(key).lock").path }

    /// Runs `body` holding the in-process lock and the file lock of `key`, on the operation's thread.
    private func locked<T>(_ key: String, control: OperationControl, _ body: () throws(GitError) -> T) throws(GitError) -> T {
        do {
            // 0700: the caches hold every fetched repository, private ones included.
            try OwnerOnlyFiles.prepareDirectory(cacheDirectory.path)
        } catch {
            throw GitError(.other, "cannot create the cache directory \(cacheDirectory.path): \(error)")
        }
        try locks.acquire(key, control: control)
        defer { locks.release(key) }
        let fileLock = try FileLock.acquire(lockPath(key), control: control)
        defer { fileLock.release() }
        return try body()
    }

    private static func prepareEmptyDirectory(_ directory: URL) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw GitError(.other, "\(directory.path) is not a directory") }
            guard (try? FileManager.default.contentsOfDirectory(atPath: directory.path))?.isEmpty == true else {
                throw GitError(.other, "\(directory.path) is not empty")
            }
        } else {
            do { try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true) } catch {
                throw GitError(.other, "cannot create \(directory.path): \(error)")
            }
        }
    }
}
