import Logging
import SluiceCore

/// A pure-Swift `kustomize build`: kustomize v5.5.0's semantics over a ``KustomizeFileSystem``.
///
/// No network and no global state: everything the build reads comes through
/// the file system, which enforces kustomize's `LoadRestrictionsRootOnly`;
/// remote resources are refused unless ``remoteLoader`` fetches them. The output is the objects in kustomize's
/// order; ``KustomizeYAMLEmitter`` prints them as `kubectl kustomize` does.
public struct KustomizeBuilder: Sendable {
    /// Limits that keep hostile input from exhausting memory or time.
    public struct Limits: Sendable {
        /// The largest file the build reads, in bytes.
        public var maxFileSize: Int
        /// The most bytes the build reads in total.
        public var maxTotalBytes: Int
        /// The most YAML values one file may expand to (alias expansion included).
        public var maxYAMLNodes: Int
        /// How deep YAML may nest.
        public var maxYAMLDepth: Int
        /// How deep kustomizations may include one another.
        public var maxKustomizationDepth: Int
        /// How many remote roots (Git repositories at a ref, `http(s)` files) one build may fetch.
        public var maxRemoteRoots: Int

        /// Limits suited to a GitOps controller: 32 MiB a file, 256 MiB in all.
        public init(maxFileSize: Int = 32 << 20, maxTotalBytes: Int = 256 << 20, maxYAMLNodes: Int = 2_000_000,
                    maxYAMLDepth: Int = 200, maxKustomizationDepth: Int = 64, maxRemoteRoots: Int = 16) {
            self.maxFileSize = maxFileSize
            self.maxTotalBytes = maxTotalBytes
            self.maxYAMLNodes = maxYAMLNodes
            self.maxYAMLDepth = maxYAMLDepth
            self.maxKustomizationDepth = maxKustomizationDepth
            self.maxRemoteRoots = maxRemoteRoots
        }
    }

    /// Where the build reads from.
    public let fileSystem: any KustomizeFileSystem
    /// Where the build reports what it does.
    public let logger: Logger
    /// The build's limits.
    public var limits: Limits
    /// kustomize's `LoadRestrictionsRootOnly` (the default): files a kustomization reads must lie in or below its
    /// own directory. When `false` (`LoadRestrictionsNone`), any file below the file system's root may be read.
    public var restrictsFilesToKustomizationDirectory = true
    /// Fetches remote bases and resources (`https://github.com/org/repo//path?ref=v1`, `github.com/org/repo`,
    /// `git@host:org/repo.git`, `https://host/file.yaml`); `nil` (the default) refuses them. A remote kustomization is
    /// built as kustomize builds one: its references may not leave its repository, and with `originAnnotations` its
    /// objects' origins name the repository and ref.
    public var remoteLoader: (any KustomizeRemoteLoader)?
    /// The directory (root-relative) that `originAnnotations` paths are written relative to; `nil` (the default) for
    /// the built directory, as kustomize. A caller that builds an overlay it generated around a person's directory
    /// names that directory, so origins read as they would in a build of the person's own kustomization.
    public var originDirectory: String?

    /// A builder over `fileSystem`.
    public init(fileSystem: any KustomizeFileSystem, logger: Logger, limits: Limits = Limits()) {
        self.fileSystem = fileSystem
        self.logger = logger
        self.limits = limits
    }

    /// Builds the kustomization in the directory `path` (root-relative; `""` or `.` for the root).
    ///
    /// - Returns: The objects kustomize would print, in its order.
    /// - Throws: ``KustomizeError`` naming the file (and document or field where known).
    public func build(path: String) throws(KustomizeError) -> [KubeObject] {
        guard let directory = KustomizePath.normalise(path) else {
            throw KustomizeError("security; the path is absolute or outside the root", file: path)
        }
        guard let remoteLoader else {
            var session = BuildSession(fileSystem: fileSystem, logger: logger, limits: limits, top: directory,
                                       rootOnly: restrictsFilesToKustomizationDirectory)
            session.originDirectory = originDirectory.flatMap(KustomizePath.normalise) ?? directory
            return try session.run()
        }
        let mounts = RemoteMounts(base: fileSystem)
        var session = BuildSession(fileSystem: mounts, logger: logger, limits: limits, top: directory,
                                   rootOnly: restrictsFilesToKustomizationDirectory)
        session.remoteLoader = remoteLoader
        session.mounts = mounts
        session.originDirectory = originDirectory.flatMap(KustomizePath.normalise) ?? directory
        do { return try session.run() } catch { throw mounts.shown(error) }
    }

    /// Builds and prints the YAML `kubectl kustomize` would print.
    public func buildYAML(path: String) throws(KustomizeError) -> String {
        KustomizeYAMLEmitter().emit(try build(path: path))
    }
}
