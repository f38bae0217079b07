import Foundation
import Logging
import SluiceAPI
import SluiceArchive
import SluiceCore
import SluiceGit
import SluiceRuntime
import SluiceStore

extension GitRepositoryReconciler {
    /// The `artifact` step: when the revision, the ignore rules or the includes changed, checks out the commit,
    /// copies the includes in, packages the tree and stores it; otherwise does nothing.
    func reconcileArtifact(_ object: inout GitRepository, _ conditions: inout Conditions, _ context: ReconcileContext,
                           _ work: GitRepositoryWork) async throws -> ReconcileResult
    {
        guard let fetched = work.fetched else { return .success }
        let included = work.included
        let namespace = object.metadata.namespace ?? ""
        let name = object.metadata.name
        if let current = object.status?.artifact, current.revision == fetched.revision,
            Self.sameArtifacts(object.status?.includedArtifacts ?? [], included.map(\.artifact)),
            object.status?.observedIgnore == object.spec.ignore,
            (object.status?.observedInclude ?? []) == (object.spec.include ?? []),
            object.status?.observedSparseCheckout == object.spec.sparseCheckout
        {
            conditions.delete(ConditionType.artifactOutdated)
            conditions.delete(ConditionType.storageOperationFailed)
            conditions.markTrue(ConditionType.artifactInStorage, reason: ConditionReason.succeeded,
                                message: "stored artifact for revision '\(current.revision)'")
            return .success
        }

        func storageFailure(_ reason: String, _ message: String) -> ReconcileError {
            conditions.markTrue(ConditionType.storageOperationFailed, reason: reason, message: message)
            return .generic(reason: reason, message: message)
        }
        let directory = workDirectory.appendingPathComponent("gitrepository-\(namespace)-\(name)-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        var tree = directory.appendingPathComponent("tree")
        do {
            try OwnerOnlyFiles.createMissingDirectories(directory.path)  // 0700: the checkout may be of a private repository
            try await git.checkout(url: object.spec.url, commit: fetched.commit.sha, into: tree)
            if let paths = object.spec.sparseCheckout, !paths.isEmpty {
                tree = try Self.sparse(tree, keeping: paths, into: directory.appendingPathComponent("sparse"))
            }
        } catch {
            let message = "failed to check out '\(fetched.revision)': \(error)"
            conditions.markTrue(ConditionType.fetchFailed, reason: ConditionReason.gitOperationFailed, message: message)
            throw ReconcileError.generic(reason: ConditionReason.gitOperationFailed, message: message)
        }
        for (index, entry) in included.enumerated() {
            do {
                try copyInclude(entry.include, artifact: entry.artifact, into: tree,
                                scratch: directory.appendingPathComponent("include-\(index)"), context: context)
            } catch {
                let message = "failed to include '\(entry.include.repository.name)': \(error)"
                conditions.markTrue(ConditionType.includeUnavailable, reason: ConditionReason.invalidPath, message: message)
                throw ReconcileError.generic(reason: ConditionReason.invalidPath, message: message)
            }
        }

        let archive: PackagedArchive
        do {
            let ignore = try SourceIgnore.matcher(root: tree, extra: object.spec.ignore)
            archive = try ArtifactArchiver(maxSize: artifactMaxSize, logger: context.logger).archive(directory: tree, ignore: ignore)
        } catch {
            throw storageFailure(ConditionReason.archiveOperationFailed, "failed to package revision '\(fetched.revision)': \(error)")
        }
        for entry in archive.skipped {
            context.logger.warning("left out of the artifact", metadata: ["path": "\(entry.path)", "cause": "\(entry.reason)"])
        }
        guard let store = context.store else {
            throw storageFailure(ConditionReason.archiveOperationFailed, "no store to write the artifact to")
        }
        let record: ArtifactRecord
        do {
            record = try store.putArtifact(kind: GitRepository.kind, namespace: namespace, name: name,
                                           revision: fetched.revision, content: archive.bytes)
        } catch {
            throw storageFailure(ConditionReason.archiveOperationFailed, "failed to store artifact for revision '\(fetched.revision)': \(error)")
        }

        let path = "gitrepository/\(namespace)/\(name)/\(fetched.commit.sha).tar.gz"
        var status = object.status ?? GitRepositoryStatus()
        status.artifact = Artifact(path: path, url: "\(artifactBaseURL())/\(path)", revision: fetched.revision,
                                   digest: record.digest, lastUpdateTime: Timestamp.now(), size: record.size)
        status.includedArtifacts = included.isEmpty ? nil : included.map(\.artifact)
        status.observedIgnore = object.spec.ignore
        status.observedInclude = object.spec.include
        status.observedSparseCheckout = object.spec.sparseCheckout
        object.status = status
        conditions.delete(ConditionType.artifactOutdated)
        conditions.delete(ConditionType.storageOperationFailed)
        conditions.markTrue(ConditionType.artifactInStorage, reason: ConditionReason.succeeded,
                            message: "stored artifact for revision '\(fetched.revision)'")
        if let raw = try? KubeObject(encoding: object) {
            context.events.record(raw, severity: .info, reason: ConditionReason.newArtifact,
                                  message: "stored artifact for commit '\(fetched.commit.shortMessage)'",
                                  metadata: ["revision": fetched.revision, "digest": record.digest])
        }
        return .success
    }

    /// A tree holding only `paths` of `tree` (`spec.sparseCheckout`), moved into `destination`.
    static func sparse(_ tree: URL, keeping paths: [String], into destination: URL) throws -> URL {
        try FileManager.default.createDirectory(at: destination, withIntermediateDirectories: true)
        for path in paths {
            let components = try IncludePathError.relative(path, field: "sparseCheckout")
            guard !components.isEmpty else { return tree }
            let source = components.reduce(tree) { $0.appendingPathComponent($1) }
            guard FileManager.default.fileExists(atPath: source.path) else {
                throw IncludePathError("sparseCheckout directory '\(path)' does not exist in the repository")
            }
            let target = components.reduce(destination) { $0.appendingPathComponent($1) }
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            if !FileManager.default.fileExists(atPath: target.path) { try FileManager.default.moveItem(at: source, to: target) }
        }
        return destination
    }

    /// Whether two lists of included artifacts name the same revisions and contents.
    static func sameArtifacts(_ lhs: [Artifact], _ rhs: [Artifact]) -> Bool {
        lhs.map { [$0.revision, $0.digest ?? ""] } == rhs.map { [$0.revision, $0.digest ?? ""] }
    }

    /// Copies `fromPath` of an included artifact to `toPath` in `tree` (Flux: the destination is replaced).
    private func copyInclude(_ include: GitRepositoryInclude, artifact: Artifact, into tree: URL, scratch: URL, context: ReconcileContext) throws {
        guard let store = context.store, let digest = artifact.digest else { throw IncludePathError("its artifact has no digest") }
        let content = try store.artifactContent(digest: digest)
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        _ = try ArchiveExtractor(maxSize: artifactMaxSize * 10, logger: context.logger).extract(content, into: scratch)
        let source = try IncludePathError.relative(include.fromPath ?? "", field: "fromPath").reduce(scratch) { $0.appendingPathComponent($1) }
        let destination = try IncludePathError.relative(include.toPath ?? include.repository.name, field: "toPath").reduce(tree) { $0.appendingPathComponent($1) }
        guard destination.standardizedFileURL.path != tree.standardizedFileURL.path else {
            throw IncludePathError("toPath must not be the root of the artifact")
        }
        guard FileManager.default.fileExists(atPath: source.path) else {
            throw IncludePathError("fromPath '\(include.fromPath ?? "")' does not exist in the artifact of '\(include.repository.name)'")
        }
        try? FileManager.default.removeItem(at: destination)
        try FileManager.default.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.moveItem(at: source, to: destination)
    }
}
