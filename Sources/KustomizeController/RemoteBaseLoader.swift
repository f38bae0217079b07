import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import SluiceGit
import SluiceKustomize
import Synchronization

/// Fetches what kustomizations name remotely (Flux's kustomize-controller without `--no-remote-bases`): Git
/// repositories through SluiceGit's libgit2 client and its per-URL cache, `http(s)` files through AsyncHTTPClient.
///
/// Anonymous only: no credentials from anywhere (Flux's kustomize has none either), and its own cache directory, so an
/// anonymous fetch never shares a cache with the source-controller's authenticated ones. `file://` repositories are
/// refused (they would read the controller's own disk). Every fetch is bounded in bytes and time
/// (``Settings``); a repository is checked out into a directory of its own, read through `DiskFileSystem` (links
/// that leave the checkout are refused), and removed by ``removeCheckouts()``. Submodules are not fetched: a checkout
/// with one fails naming it, unless the reference says `?submodules=false` (then it is an empty directory).
///
/// The engine calls a loader synchronously from the thread running the build; ``build(_:_:)`` runs a build on a
/// thread of its own, so the waits here never hold a thread of Swift's cooperative pool.
public final class RemoteBaseLoader: KustomizeRemoteLoader {
    /// Where and how much a loader may fetch.
    public struct Settings: Sendable {
        /// The cache of fetched repositories (one bare repository per URL).
        public var cacheDirectory: URL
        /// Where checkouts are made (each in a directory of its own, removed after the build).
        public var workDirectory: URL
        /// The most bytes one Git fetch may receive, and one checkout and one `http(s)` file may hold.
        public var maxBytes: Int
        /// The longest one fetch may take (kustomize's `?timeout=` may shorten it for a repository).
        public var timeout: Duration

        /// Settings; 64 MiB and 60 s a fetch unless given.
        public init(cacheDirectory: URL, workDirectory: URL = FileManager.default.temporaryDirectory, maxBytes: Int = 64 << 20,
                    timeout: Duration = .seconds(60)) {
            self.cacheDirectory = cacheDirectory
            self.workDirectory = workDirectory
            self.maxBytes = maxBytes
            self.timeout = timeout
        }
    }

    /// The loader's settings.
    public let settings: Settings
    private let git: LibGit2Client
    private let logger: Logger
    private let checkouts = Mutex<[URL]>([])

    /// A loader fetching with `settings`.
    public init(settings: Settings, logger: Logger) {
        self.settings = settings
        self.logger = logger
        git = LibGit2Client(cacheDirectory: settings.cacheDirectory, logger: logger)
    }

    /// Runs `body` (a build) on a thread of its own (``DedicatedThread``) with a loader for `settings`, or without a
    /// loader when `settings` is nil; removes the loader's checkouts afterwards.
    public static func build<T: Sendable>(_ settings: Settings?, logger: Logger,
                                          _ body: @escaping @Sendable ((any KustomizeRemoteLoader)?) throws -> T) async throws -> T {
        try await DedicatedThread.run(name: "kustomize-build") {
            guard let settings else { return try body(nil) }
            let loader = RemoteBaseLoader(settings: settings, logger: logger)
            defer { loader.removeCheckouts() }
            return try body(loader)
        }
    }

    /// Deletes every checkout this loader made.
    public func removeCheckouts() {
        for directory in checkouts.withLock({ list in defer { list.removeAll() }; return list }) {
            try? FileManager.default.removeItem(at: directory)
        }
    }

    public func fetchRepository(_ reference: KustomizeRemoteReference) throws(KustomizeError) -> any KustomizeFileSystem {
        let url = reference.cloneURL
        if url.lowercased().hasPrefix("file://") {
            throw KustomizeError("remote base '\(reference.raw)': file:// repositories are refused (they would read the controller's own disk)")
        }
        let timeout = min(reference.timeout, settings.timeout)
        let directory = settings.workDirectory.appendingPathComponent("kustomize-remote-\(UUID().uuidString)")
        checkouts.withLock { $0.append(directory) }
        let (git, maxBytes) = (git, settings.maxBytes)
        let started = ContinuousClock.now
        do {
            let commit = try Self.wait {
                let fetched = try await git.fetch(url: url, reference: .shorthand(reference.ref), auth: GitAuth(), timeout: timeout, maxBytes: maxBytes)
                // Submodules are not fetched: a repository that has one, wanted (kustomize's default), fails naming it
                // rather than building from an empty directory; `?submodules=false` builds without them.
                try await git.checkout(url: url, commit: fetched.commit.sha, into: directory, maxBytes: maxBytes,
                                       refusingSubmodules: reference.submodules)
                return fetched.commit.sha
            }
            logger.debug("fetched remote base", metadata: [
                "url": "\(url)", "ref": "\(reference.ref ?? "")", "commit": "\(commit)", "duration": "\(ContinuousClock.now - started)",
            ])
        } catch {
            throw KustomizeError("remote base '\(reference.raw)': \(error)")
        }
        return CheckoutFileSystem(disk: try DiskFileSystem(root: directory.path), url: url)
    }

    /// A checkout read through `DiskFileSystem`, its messages naming the repository rather than the checkout's directory.
    struct CheckoutFileSystem: KustomizeFileSystem {
        let disk: DiskFileSystem
        let url: String

        func entry(at path: String) throws(KustomizeError) -> KustomizeFileEntry? {
            do { return try disk.entry(at: path) } catch { throw scrubbed(error) }
        }

        func readFile(_ path: String, limit: Int) throws(KustomizeError) -> [UInt8] {
            do { return try disk.readFile(path, limit: limit) } catch { throw scrubbed(error) }
        }

        private func scrubbed(_ error: KustomizeError) -> KustomizeError {
            var scrubbed = error
            scrubbed.message = error.message.replacingOccurrences(of: disk.root, with: url)
            return scrubbed
        }
    }

    public func fetchFile(url: String, limit: Int) throws(KustomizeError) -> KustomizeRemoteFile {
        let maxBytes = min(limit, settings.maxBytes)
        let timeout = settings.timeout
        do {
            return try Self.wait { try await Self.get(url, maxBytes: maxBytes, timeout: timeout) }
        } catch let error as KustomizeError {
            throw error
        } catch {
            throw KustomizeError("remote resource '\(url)': \(error)")
        }
    }

    // MARK: HTTP

    /// One client for the process, never shut down; redirects followed as Go's client follows them (ten at most).
    private static let http: HTTPClient = {
        var configuration = HTTPClient.Configuration(redirectConfiguration: .follow(max: 10, allowCycles: false),
                                                     timeout: .init(connect: .seconds(30), read: nil))
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton, configuration: configuration)
    }()

    private static func get(_ url: String, maxBytes: Int, timeout: Duration) async throws -> KustomizeRemoteFile {
        try await withThrowingTaskGroup(of: KustomizeRemoteFile.self) { group in
            group.addTask {
                var request = HTTPClientRequest(url: url)
                request.headers.add(name: "User-Agent", value: "sluice kustomize-controller")
                let response = try await http.execute(request, timeout: .hours(24))
                let status = Int(response.status.code)
                guard (200...299).contains(status) else { return .status(status) }
                do {
                    return .content(Array(buffer: try await response.body.collect(upTo: maxBytes)))
                } catch is NIOTooManyBytesError {
                    throw KustomizeError("remote resource '\(url)': the file is more than the limit of \(maxBytes) bytes")
                }
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                throw KustomizeError("remote resource '\(url)': no complete answer within \(timeout)")
            }
            defer { group.cancelAll() }
            guard let first = try await group.next() else { throw CancellationError() }
            return first
        }
    }

    // MARK: Waiting

    /// Runs `body` as a task and blocks this thread (the build's own, never a cooperative one) until it finishes.
    private static func wait<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
        let outcome = Mutex<Result<T, any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        Task {
            let result: Result<T, any Error>
            do { result = .success(try await body()) } catch { result = .failure(error) }
            outcome.withLock { $0 = result }
            done.signal()
        }
        done.wait()
        return try outcome.withLock { $0! }.get()
    }
}
