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
                try copyInclude(entry.include, index: index, artifact: entry.artifact, into: tree,
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

    /// A tree holding only `paths` of `tree` (`spec.sparseCheckout`), moved into `destination`; `tree` itself when
    /// one of the paths is the root.
    ///
    /// Each path is joined onto the checkout through ``ConfinedDirectory``: a symlink anywhere on it (committed by
    /// whoever can push) is refused, never followed, so nothing outside the checkout is moved into the artifact.
    static func sparse(_ tree: URL, keeping paths: [String], into destination: URL) throws -> URL {
        let fields = paths.indices.map { "spec.sparseCheckout[\($0)]" }
        for (field, path) in zip(fields, paths) {
            if try SpecPathError.naming(field, path, { try ConfinedDirectory.elements(of: path) }).isEmpty { return tree }
        }
        try FileManager.default.createDirectory(at: destination, withIntermediateDirectories: true)
        let source = try ConfinedDirectory(root: tree)
        let kept = try ConfinedDirectory(root: destination)
        for (field, path) in zip(fields, paths) {
            // Already moved with a directory above it.
            if try SpecPathError.naming(field, path, { try kept.contains(path) }) { continue }
            guard try SpecPathError.naming(field, path, { try source.contains(path) }) else {
                throw SpecPathError(field: field, path: path, "sparse checkout directory does not exist in the repository")
            }
            try SpecPathError.naming(field, path) { try source.move(path, to: path, in: kept) }
        }
        return destination
    }

    /// Whether two lists of included artifacts name the same revisions and contents.
    static func sameArtifacts(_ lhs: [Artifact], _ rhs: [Artifact]) -> Bool {
        lhs.map { [$0.revision, $0.digest ?? ""] } == rhs.map { [$0.revision, $0.digest ?? ""] }
    }

    /// Moves `fromPath` of an included artifact to `toPath` in `tree` (Flux: the destination is replaced).
    ///
    /// Both paths are joined through ``ConfinedDirectory``: a symlink on `toPath` in the checkout (or on
    /// `fromPath` in the artifact) is refused, so no host file is removed, overwritten or moved in.
    private func copyInclude(_ include: GitRepositoryInclude, index: Int, artifact: Artifact, into tree: URL, scratch: URL,
                             context: ReconcileContext) throws
    {
        guard let store = context.store, let digest = artifact.digest else { throw SpecPathError("its artifact has no digest") }
        let content = try store.artifactContent(digest: digest)
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        _ = try ArchiveExtractor(maxSize: artifactMaxSize * 10, logger: context.logger).extract(content, into: scratch)
        let (fromField, fromPath) = ("spec.include[\(index)].fromPath", include.fromPath ?? "")
        let (toField, toPath) = ("spec.include[\(index)].toPath", include.toPath ?? include.repository.name)
        let source = try ConfinedDirectory(root: scratch)
        let destination = try ConfinedDirectory(root: tree)
        guard try !SpecPathError.naming(toField, toPath, { try ConfinedDirectory.elements(of: toPath) }).isEmpty else {
            throw SpecPathError(field: toField, path: toPath, "must not be the root of the artifact")
        }
        guard try SpecPathError.naming(fromField, fromPath, { try source.contains(fromPath) }) else {
            throw SpecPathError(field: fromField, path: fromPath, "does not exist in the artifact of '\(include.repository.name)'")
        }
        _ = try SpecPathError.naming(toField, toPath) { try destination.contains(toPath) }
        try SpecPathError.naming(toField, toPath) { try source.move(fromPath, to: toPath, in: destination) }
    }
}
