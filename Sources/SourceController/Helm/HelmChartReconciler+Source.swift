import Foundation
import Logging
import SluiceKube
import SluiceAPI
import SluiceCore
import SluiceRuntime
import SluiceStore

extension HelmChartReconciler {
    /// The `source` step: resolves `spec.sourceRef` and builds the chart from it.
    ///
    /// A source that does not exist fails with `SourceUnavailable`; one without an artifact waits
    /// (`NoSourceArtifact`); a kind Sluice cannot read yet stalls with the kind named. Build failures carry Flux's
    /// reasons: `InvalidChartReference` and `ValuesFilesError` stall, `ChartPullError` retries; the fetch-side ones
    /// set `FetchFailed`, the build-side ones `BuildFailed`.
    func reconcileSource(_ object: inout HelmChart, _ conditions: inout Conditions, _ context: ReconcileContext,
                         _ work: HelmChartWork) async throws -> ReconcileResult
    {
        let namespace = object.metadata.namespace ?? ""
        let ref = object.spec.sourceRef
        if object.spec.verify != nil {
            let message = "spec.verify is not supported by Sluice's source-controller yet"
            conditions.markTrue(ConditionType.fetchFailed, reason: "UnsupportedSourceKind", message: message)
            throw ReconcileError.stalling(reason: "UnsupportedSourceKind", message: message)
        }
        func sourceUnavailable(_ message: String) -> ReconcileError {
            conditions.markTrue(ConditionType.fetchFailed, reason: "SourceUnavailable", message: "failed to get source: \(message)")
            return .generic(reason: "SourceUnavailable", message: "failed to get source: \(message)")
        }
        func noArtifact() -> ReconcileError {
            let message = "no artifact available for \(ref.kind) source '\(ref.name)'"
            conditions.markTrue(ConditionType.fetchFailed, reason: "NoSourceArtifact", message: message)
            return .waiting(reason: "NoSourceArtifact", message: message, retryAfter: sourceRetryInterval)
        }
        let build: ChartBuild
        do {
            switch ref.kind {
            case HelmRepository.kind:
                let repository: HelmRepository
                do {
                    guard let raw = try await context.api.get(HelmRepository.gvk, namespace: namespace, name: ref.name) else {
                        throw sourceUnavailable("helmrepositories.source.toolkit.fluxcd.io \"\(ref.name)\" not found")
                    }
                    repository = try raw.decode(as: HelmRepository.self)
                } catch let error as ReconcileError {
                    throw error
                } catch {
                    throw sourceUnavailable("\(error)")
                }
                if repository.spec.type == HelmRepositoryReconciler.typeOCI {
                    // Flux: an OCI HelmRepository has no artifact; the chart is pulled from the registry directly.
                    let remote = try await ociRepository(repository, conditions: &conditions, context: context)
                    object.status = object.status ?? HelmChartStatus()
                    object.status?.observedSourceArtifactRevision = nil
                    build = try await buildRemote(object, from: remote)
                    break
                }
                guard let artifact = repository.status?.artifact, let digest = artifact.digest,
                    let store = context.store, let indexBytes = try? store.artifactContent(digest: digest)
                else { throw noArtifact() }
                object.status = object.status ?? HelmChartStatus()
                object.status?.observedSourceArtifactRevision = artifact.revision
                let remote = try await httpRepository(repository, index: indexBytes, context: context)
                build = try await buildRemote(object, from: remote)
            case GitRepository.kind:
                let repository: GitRepository
                do {
                    guard let raw = try await context.api.get(GitRepository.gvk, namespace: namespace, name: ref.name) else {
                        throw sourceUnavailable("gitrepositories.source.toolkit.fluxcd.io \"\(ref.name)\" not found")
                    }
                    repository = try raw.decode(as: GitRepository.self)
                } catch let error as ReconcileError {
                    throw error
                } catch {
                    throw sourceUnavailable("\(error)")
                }
                guard let artifact = repository.status?.artifact, let digest = artifact.digest,
                    let store = context.store, let content = try? store.artifactContent(digest: digest)
                else { throw noArtifact() }
                object.status = object.status ?? HelmChartStatus()
                object.status?.observedSourceArtifactRevision = artifact.revision
                build = try await buildFromGit(object, repository: repository, artifactContent: content, context: context)
            case "Bucket":
                let message = "source kind '\(ref.kind)' is not supported by Sluice's source-controller yet"
                conditions.markTrue(ConditionType.fetchFailed, reason: "UnsupportedSourceKind", message: message)
                throw ReconcileError.stalling(reason: "UnsupportedSourceKind", message: message)
            default:
                let message = "unsupported source kind '\(ref.kind)'"
                conditions.markTrue(ConditionType.fetchFailed, reason: "UnsupportedSourceKind", message: message)
                throw ReconcileError.stalling(reason: "UnsupportedSourceKind", message: message)
            }
        } catch let error as ChartBuildError {
            if error.reason.isBuildFailure {
                conditions.delete(ConditionType.fetchFailed)
                conditions.markTrue(ConditionType.buildFailed, reason: error.reason.rawValue, message: error.description)
            } else {
                conditions.delete(ConditionType.buildFailed)
                conditions.markTrue(ConditionType.fetchFailed, reason: error.reason.rawValue, message: error.description)
            }
            throw error.reason.isPersistent
                ? ReconcileError.stalling(reason: error.reason.rawValue, message: error.description)
                : ReconcileError.generic(reason: error.reason.rawValue, message: error.description)
        }
        conditions.delete(ConditionType.fetchFailed)
        conditions.delete(ConditionType.buildFailed)
        if build.name != object.status?.observedChartName || object.status?.artifact?.revision != build.version {
            if object.status?.artifact != nil {
                conditions.markTrue(ConditionType.artifactOutdated, reason: "NewChart", message: build.summary)
            }
            conditions.markReconciling(reason: ConditionReason.progressing, message: "building artifact: \(build.summary)")
        }
        work.build = build
        return .success
    }

    /// The repository a `type: default` HelmRepository describes, its index as stored.
    private func httpRepository(_ repository: HelmRepository, index bytes: [UInt8], context: ReconcileContext) async throws -> HTTPChartRepository {
        let url: URL
        switch HelmRepositoryReconciler.repositoryURL(repository.spec.url) {
        case .success(let parsed): url = parsed
        case .failure(let error): throw ChartBuildError(.chartPull, "invalid Helm repository URL: \(error)")
        }
        let client: ChartRepositoryClient
        do {
            client = try await ChartRepositoryClient.make(for: repository, url: url, context: context)
        } catch {
            throw ChartBuildError(.chartPull, "failed to configure Helm client: \(error)")
        }
        let index: HelmIndex
        do {
            index = try HelmIndex(bytes: bytes)
        } catch {
            throw ChartBuildError(.chartPull, "failed to load Helm repository index from storage: \(error)")
        }
        return HTTPChartRepository(index: index, url: url, client: client, chartMaxSize: chartMaxSize)
    }

    /// Flux's remote builder: resolve the version; keep the stored artifact when it already is that version (and
    /// the spec has not changed); otherwise download it, and package it again when values files are merged.
    func buildRemote(_ object: HelmChart, from remote: any RemoteChartRepository) async throws -> ChartBuild {
        let resolved = try await remote.chartVersion(object.spec.chart, range: object.spec.version)
        let valuesFiles = Self.valuesFiles(object.spec)
        // Flux: values files make the object's generation the version's build metadata, so consumers see a change.
        let metadata = valuesFiles.isEmpty ? nil : "\(object.metadata.generation ?? 0)"
        let version = try Self.version(resolved.version, metadata: metadata)
        let packaged = metadata != nil
        if let artifact = object.status?.artifact, object.status?.observedChartName == resolved.name, artifact.revision == version,
            object.observedGeneration == object.metadata.generation
        {
            return ChartBuild(name: resolved.name, version: version, content: nil, packaged: packaged,
                              valuesFiles: object.status?.observedValuesFiles ?? valuesFiles)
        }
        let bytes = try await remote.download(resolved)
        if !packaged {
            do {
                _ = try ChartPackage(archive: bytes, source: "\(resolved.name)-\(resolved.version).tgz")
            } catch {
                throw ChartBuildError(.chartPull, "failed to validate downloaded chart: \(error)")
            }
            return ChartBuild(name: resolved.name, version: version, content: bytes, packaged: false, valuesFiles: [])
        }
        let chart: ChartPackage
        do {
            chart = try ChartPackage(archive: bytes, source: "\(resolved.name)-\(resolved.version).tgz")
        } catch {
            throw ChartBuildError(.chartPackage, "failed to load downloaded chart: \(error)")
        }
        return try Self.package(chart, version: version, valuesFiles: valuesFiles, ignoreMissing: object.spec.ignoreMissingValuesFiles ?? false)
    }

    /// `chart` packaged with `version` and `valuesFiles` merged into its `values.yaml`.
    static func package(_ chart: ChartPackage, version: String, valuesFiles: [String], ignoreMissing: Bool) throws -> ChartBuild {
        let merged: (values: JSONObject, used: [String])
        do {
            merged = try chart.mergedValues(valuesFiles, ignoreMissing: ignoreMissing)
        } catch {
            throw ChartBuildError(.valuesFiles, "failed to merge chart values: \(error)")
        }
        do {
            let bytes = try chart.packaged(version: version, values: merged.used.isEmpty ? nil : merged.values)
            return ChartBuild(name: chart.name, version: version, content: bytes, packaged: true, valuesFiles: merged.used)
        } catch {
            throw ChartBuildError(.chartPackage, "\(error)")
        }
    }

    /// `version` with `metadata` as its build metadata (Masterminds' `SetMetadata`), or as is without metadata.
    static func version(_ version: String, metadata: String?) throws -> String {
        guard let metadata else { return version }
        guard let parsed = SemanticVersion(version) else {
            throw ChartBuildError(.metadataPatch, "failed to parse version from chart metadata as SemVer: Invalid Semantic Version")
        }
        let build = metadata.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard build.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") } }) else {
            throw ChartBuildError(.metadataPatch, "failed to set SemVer metadata on chart version: Invalid Metadata string")
        }
        return SemanticVersion(major: parsed.major, minor: parsed.minor, patch: parsed.patch, prerelease: parsed.prerelease, build: build).description
    }
}
