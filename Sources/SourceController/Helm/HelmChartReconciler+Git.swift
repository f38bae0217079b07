import Foundation
import Logging
import SluiceAPI
import SluiceArchive
import SluiceCore
import SluiceKube
import SluiceRuntime
import SluiceStore
import SluiceGoTemplate

extension HelmChartReconciler {
    /// Flux's local builder over a GitRepository's artifact: the chart directory at `spec.chart` (confined to the
    /// artifact: no `..` out of it, no symlink on the way), packaged deterministically with its version's build
    /// metadata (`reconcileStrategy: Revision`: the commit's first 12 hex digits; values files: the generation),
    /// values files (paths in the artifact) merged, and the dependencies `Chart.yaml` declares that `charts/` does
    /// not hold added from `file://` paths in the artifact or from HTTP repositories.
    func buildFromGit(_ object: HelmChart, repository: GitRepository, artifactContent: [UInt8], context: ReconcileContext) async throws -> ChartBuild {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("helmchart-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        do {
            try OwnerOnlyFiles.createMissingDirectories(scratch.path)
            _ = try ArchiveExtractor(maxSize: Int64(chartMaxSize) * 50, logger: context.logger).extract(artifactContent, into: scratch)
        } catch {
            throw ChartBuildError(.chartPull, "failed to extract source artifact: \(error)")
        }
        let source = try ConfinedDirectory(root: scratch)
        let chartPath = object.spec.chart
        let chartElements: [String]
        do {
            chartElements = try ConfinedDirectory.elements(of: chartPath)
            guard try source.contains(chartPath) else { throw ChartPackageError("no such directory") }
        } catch {
            throw ChartBuildError(.chartReference, "path '\(chartPath)' in the artifact of GitRepository '\(repository.metadata.name)': \(error)")
        }
        var chart: ChartPackage
        do {
            chart = try ChartPackage(directory: scratch.appendingPathComponent(chartElements.joined(separator: "/")), source: chartPath)
        } catch {
            throw ChartBuildError(.chartReference, "\(error)")
        }

        var metadata: [String] = []
        if object.spec.reconcileStrategy == "Revision", let revision = repository.status?.artifact?.revision {
            let hash = revision.split(separator: ":").last.map(String.init) ?? revision
            metadata.append(String(hash.prefix(12)))
        }
        let valuesFiles = Self.valuesFiles(object.spec)
        if !valuesFiles.isEmpty { metadata.append("\(object.metadata.generation ?? 0)") }
        let version = try Self.version(chart.version, metadata: metadata.isEmpty ? nil : metadata.joined(separator: "."))
        if let artifact = object.status?.artifact, object.status?.observedChartName == chart.name, artifact.revision == version,
            object.observedGeneration == object.metadata.generation
        {
            return ChartBuild(name: chart.name, version: version, content: nil, packaged: true,
                              valuesFiles: object.status?.observedValuesFiles ?? valuesFiles)
        }

        // Values files are paths in the artifact (Flux's `mergeFileValues` joins them onto the source root).
        var merged = JSONObject()
        var used: [String] = []
        for path in valuesFiles {
            let data: Data
            do {
                guard try source.contains(path), let read = FileManager.default.contents(atPath: scratch.appendingPathComponent(path).path) else {
                    if object.spec.ignoreMissingValuesFiles ?? false { continue }
                    throw ChartPackageError("no values file found at path '\(path)'")
                }
                data = read
            } catch {
                throw ChartBuildError(.valuesFiles, "failed to merge chart values: \(error)")
            }
            switch try? GoYAMLReader().read(String(decoding: data, as: UTF8.self)) {
            case .object(let values)?: merged = ChartPackage.mergeMaps(merged, values)
            case .null?: break
            default: throw ChartBuildError(.valuesFiles, "failed to merge chart values: unmarshaling values from '\(path)' failed")
            }
            used.append(path)
        }

        let resolved = try await addDependencies(to: &chart, chartElements: chartElements, source: source, scratch: scratch, object: object, context: context)
        if resolved > 0, let raw = try? KubeObject(encoding: object) {
            context.events.record(raw, severity: .trace, reason: "ResolvedDependencies", message: "resolved \(resolved) chart dependencies")
        }
        do {
            let bytes = try chart.packaged(version: version, values: used.isEmpty ? nil : merged)
            return ChartBuild(name: chart.name, version: version, content: bytes, packaged: true, valuesFiles: used)
        } catch {
            throw ChartBuildError(.chartPackage, "\(error)")
        }
    }

    /// Adds the declared dependencies missing from `charts/`: `file://` ones from the artifact, HTTP ones from the
    /// HelmRepository in the namespace with the same URL (its stored index and credentials), else from the URL
    /// directly without credentials, as Flux's dependency manager does.
    ///
    /// - Returns: How many were added.
    private func addDependencies(to chart: inout ChartPackage, chartElements: [String], source: ConfinedDirectory, scratch: URL,
                                 object: HelmChart, context: ReconcileContext) async throws -> Int
    {
        var added = 0
        for dependency in chart.declaredDependencies where !chart.presentDependencies.contains(dependency.name) {
            let package: ChartPackage
            if dependency.repository.hasPrefix("file://") {
                let relative = String(dependency.repository.dropFirst("file://".count))
                guard let elements = Self.lexicallyJoined(chartElements, relative) else {
                    throw ChartBuildError(.dependencyBuild, "dependency '\(dependency.name)': '\(dependency.repository)' leads out of the artifact")
                }
                let path = elements.joined(separator: "/")
                do {
                    guard try source.contains(path) else { throw ChartPackageError("no chart at '\(path)'") }
                    package = try ChartPackage(directory: scratch.appendingPathComponent(path), source: dependency.repository)
                } catch {
                    throw ChartBuildError(.dependencyBuild, "dependency '\(dependency.name)': \(error)")
                }
                if !dependency.version.isEmpty, let version = SemanticVersion(package.version),
                    let constraint = try? VersionConstraint(dependency.version), !constraint.isSatisfied(by: version)
                {
                    throw ChartBuildError(.dependencyBuild, "can't get a valid version for dependency '\(dependency.name)'")
                }
            } else if dependency.repository.hasPrefix("http://") || dependency.repository.hasPrefix("https://") {
                let remote = try await dependencyRepository(dependency.repository, namespace: object.metadata.namespace ?? "", context: context)
                do {
                    let version = try await remote.chartVersion(dependency.name, range: dependency.version.isEmpty ? nil : dependency.version)
                    package = try ChartPackage(archive: try await remote.download(version), source: "\(version.name)-\(version.version).tgz")
                } catch {
                    throw ChartBuildError(.dependencyBuild, "dependency '\(dependency.name)': \(error)")
                }
            } else {
                throw ChartBuildError(.dependencyBuild,
                                      "dependency '\(dependency.name)': repository '\(dependency.repository)' is not supported (use file:// or an http(s) URL)")
            }
            chart.add(dependency: package)
            added += 1
        }
        return added
    }

    /// The repository of an HTTP dependency: the HelmRepository in `namespace` whose URL matches (its stored index,
    /// its credentials), or the URL itself, its index fetched without credentials.
    private func dependencyRepository(_ text: String, namespace: String, context: ReconcileContext) async throws -> HTTPChartRepository {
        guard case .success(let url) = HelmRepositoryReconciler.repositoryURL(text) else {
            throw ChartBuildError(.dependencyBuild, "invalid dependency repository URL '\(text)'")
        }
        let repositories = try await context.api.list(HelmRepository.gvk, namespace: namespace).items
        for raw in repositories {
            guard let repository = try? raw.decode(as: HelmRepository.self), repository.spec.type != HelmRepositoryReconciler.typeOCI,
                case .success(let candidate) = HelmRepositoryReconciler.repositoryURL(repository.spec.url), candidate == url
            else { continue }
            guard let digest = repository.status?.artifact?.digest, let bytes = try? context.store?.artifactContent(digest: digest) else {
                throw ChartBuildError(.dependencyBuild, "HelmRepository '\(repository.metadata.name)' for '\(text)' has no artifact yet")
            }
            do {
                let client = try await ChartRepositoryClient.make(for: repository, url: url, context: context)
                return HTTPChartRepository(index: try HelmIndex(bytes: bytes), url: url, client: client, chartMaxSize: chartMaxSize)
            } catch {
                throw ChartBuildError(.dependencyBuild, "repository '\(text)': \(error)")
            }
        }
        let client = ChartRepositoryClient(repositoryURL: url, basicAuth: nil, passCredentials: false, tls: nil, timeout: .seconds(60))
        do {
            let bytes = try await client.get(url.appendingPathComponent("index.yaml"), maxSize: 50 << 20, what: "index")
            return HTTPChartRepository(index: try HelmIndex(bytes: bytes), url: url, client: client, chartMaxSize: chartMaxSize)
        } catch {
            throw ChartBuildError(.dependencyBuild, "failed to fetch index of dependency repository '\(text)': \(error)")
        }
    }

    /// `relative` joined onto `base` and cleaned lexically (Go's `path.Join`), or `nil` when it climbs out of the root.
    static func lexicallyJoined(_ base: [String], _ relative: String) -> [String]? {
        guard !relative.hasPrefix("/") else { return nil }
        var elements = base
        for element in relative.split(separator: "/", omittingEmptySubsequences: true) {
            switch element {
            case ".": continue
            case "..":
                guard !elements.isEmpty else { return nil }
                elements.removeLast()
            default: elements.append(String(element))
            }
        }
        return elements
    }
}
