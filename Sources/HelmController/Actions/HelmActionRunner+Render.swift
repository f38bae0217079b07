import Foundation
import Logging
import SluiceCore
import SluiceHelm
import SluiceKube

extension HelmActionRunner {
    /// The annotation that carries a document's template path through a post-renderer (Helm's `filenameAnnotation`).
    static let postRenderFilenameAnnotation = "postrenderer.helm.sh/postrender-filename"

    /// `.Capabilities` of the cluster, read afresh as Helm 4 does for every action: the version from `/version`, the
    /// API versions from discovery (every `group/version` and `group/version/Kind` served).
    func clusterCapabilities() async throws -> HelmCapabilities {
        let version: JSONValue
        do {
            version = try await client.serverVersion()
        } catch {
            throw ActionFailure("could not get server version from Kubernetes: \(ActionFailure.text(error))")
        }
        let gitVersion = version["gitVersion"]?.stringValue ?? ""
        var capabilities: HelmCapabilities
        do {
            capabilities = try HelmCapabilities(kubeVersion: gitVersion)
        } catch {
            throw ActionFailure("could not get server version from Kubernetes: \(error.message)")
        }
        if let major = version["major"]?.stringValue, !major.isEmpty { capabilities.major = major }
        if let minor = version["minor"]?.stringValue, !minor.isEmpty { capabilities.minor = minor }
        let resources: [APIResource]
        do {
            resources = try await client.mapper.allResources()
        } catch {
            throw ActionFailure("could not get apiVersions from Kubernetes: \(ActionFailure.text(error))")
        }
        var versions: [String] = []
        var seen: Set<String> = []
        for resource in resources {
            let groupVersion = resource.group.isEmpty ? resource.version : "\(resource.group)/\(resource.version)"
            for entry in [groupVersion, "\(groupVersion)/\(resource.kind)"] where seen.insert(entry).inserted {
                versions.append(entry)
            }
        }
        capabilities.apiVersions = versions
        return capabilities
    }

    /// Renders `request` as revision `revision` with `capabilities`: the record an install or upgrade would store
    /// (status `unknown`; the chart, values, manifest, hooks, notes and apply method filled in) and the chart's CRDs.
    func renderRecord(_ request: HelmActionRequest, isUpgrade: Bool, revision: Int, serverSideApply: Bool,
                      capabilities: HelmCapabilities) async throws -> (record: HelmReleaseRecord, crds: [ChartFile])
    {
        var renderer = ChartRenderer(release: ReleaseOptions(name: request.releaseName, namespace: request.namespace, revision: revision,
                                                             isUpgrade: isUpgrade),
                                     capabilities: capabilities, skipSchemaValidation: request.disableSchemaValidation)
        renderer.lookup = request.lookup
        var rendered: RenderedRelease
        do {
            rendered = try await renderer.render(request.chart, values: request.values)
        } catch {
            throw ActionFailure(error.message)
        }
        if let postRenderer = request.postRenderer, !rendered.manifests.isEmpty {
            rendered.manifests = try await Self.postRendered(rendered.manifests, with: postRenderer)
        }
        let now = Timestamp.rfc3339Nano(Date())
        let manifest = rendered.manifests.map { "---\n# Source: \($0.path)\n\($0.content)\n" }.joined()
        let hooks = rendered.hooks.map { hook in
            HelmReleaseHook(name: hook.name, kind: hook.kind, path: hook.path, manifest: hook.manifest, events: hook.events,
                            weight: hook.weight, deletePolicies: hook.deletePolicies)
        }
        let record = HelmReleaseRecord(
            name: request.releaseName,
            info: HelmReleaseInfo(firstDeployed: now, lastDeployed: now, status: .unknown, notes: rendered.notes),
            chart: HelmReleaseRecord.chartJSON(request.chart), config: request.values, manifest: manifest, hooks: hooks,
            version: revision, namespace: request.namespace, applyMethod: serverSideApply ? "ssa" : "csa")
        return (record, rendered.crds)
    }

    /// The manifests after `postRenderer` (Flux's post-renderers, hooks left alone as Helm 3 and Flux's `nohooks`):
    /// each document carries its template path in an annotation through the post-renderer, as Helm's
    /// `annotateAndMerge`/`splitAndDeannotate` do, so that the stored manifest keeps its `# Source:` lines and Helm's
    /// install order; a document the post-renderer adds is `generated-by-postrender-N.yaml`.
    static func postRendered(_ manifests: [RenderedManifest],
                             with postRenderer: @Sendable (String) async throws -> String) async throws -> [RenderedManifest]
    {
        var documents: [JSONValue] = []
        for manifest in manifests {
            let parsed: [YAMLReader.Document]
            do {
                parsed = try YAMLReader().documents(manifest.content, source: manifest.path)
            } catch {
                throw ActionFailure("error merging manifests: parsing \(manifest.path): \(error)")
            }
            for document in parsed {
                guard case .object(let root) = document.value else { continue }
                var object = KubeObject(root)
                object.annotations[postRenderFilenameAnnotation] = manifest.path
                documents.append(object.value)
            }
        }
        let merged: String
        do {
            merged = try YAMLWriter().string(documents: documents)
        } catch {
            throw ActionFailure("error merging manifests: \(error)")
        }
        let output: String
        do {
            output = try await postRenderer(merged)
        } catch {
            throw ActionFailure("error while running post render on files: \(ActionFailure.text(error))")
        }
        let results: [YAMLReader.Document]
        do {
            results = try YAMLReader().documents(output, source: "post-renderer output")
        } catch {
            throw ActionFailure("error while parsing post rendered output: error parsing YAML: \(error)")
        }
        var files: [String: [JSONValue]] = [:]
        for (index, document) in results.enumerated() {
            guard case .object(let root) = document.value else { continue }
            var object = KubeObject(root)
            let path = object.annotations[postRenderFilenameAnnotation] ?? "generated-by-postrender-\(index).yaml"
            object.annotations[postRenderFilenameAnnotation] = nil
            files[path, default: []].append(object.value)
        }
        var texts: [String: String] = [:]
        for (path, objects) in files {
            do {
                texts[path] = try YAMLWriter().string(documents: objects)
            } catch {
                throw ActionFailure("error while parsing post rendered output: re-writing \(path): \(error)")
            }
        }
        do {
            return try ReleaseManifests.sort(texts).manifests
        } catch {
            throw ActionFailure(error.message)
        }
    }
}
