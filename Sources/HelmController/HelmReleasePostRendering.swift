import Logging
import SluiceAPI
import SluiceCore
import SluiceStore

/// What happens to a HelmRelease's rendered manifest before Helm installs it, as Flux's `BuildPostRenderers` builds
/// it: each `spec.postRenderers[].kustomize` in order, then the origin labels every object of the release carries.
enum HelmReleasePostRendering {
    /// The post-renderer of `object`: never nil, since the origin labels are always set.
    static func renderer(for object: HelmRelease, logger: Logger) -> @Sendable (String) async throws -> String {
        var steps = (object.spec.postRenderers ?? []).compactMap { renderer in
            renderer.kustomize.map { KustomizePostRenderer(patches: $0.patches ?? [], images: $0.images ?? []) }
        }
        steps.append(.originLabels(namespace: object.metadata.namespace ?? "default", name: object.metadata.name))
        return { [steps] manifest in
            // Nothing rendered stays nothing (kustomize would print the same).
            guard manifest.contains(where: { !$0.isWhitespace }) else { return manifest }
            var result = manifest
            for step in steps {
                result = try step.run(result, logger: logger)
            }
            return result
        }
    }

    /// Flux's `postrender.Digest(digest.Canonical, spec.postRenderers)`: the SHA-256 of the post-renderers as Go's
    /// `json.Encoder` writes them (field order and `omitempty` of Flux's types, HTML-safe escapes, a final newline);
    /// nil when `spec.postRenderers` is not set, as Flux leaves `observedPostRenderersDigest` empty then.
    static func digest(_ postRenderers: [HelmPostRenderer]?) -> String? {
        guard let postRenderers else { return nil }
        var json = GoJSONWriter()
        json.beginArray()
        for renderer in postRenderers {
            json.element()
            json.beginObject()
            if let kustomize = renderer.kustomize {
                json.key("kustomize")
                json.beginObject()
                if let patches = kustomize.patches, !patches.isEmpty {
                    json.key("patches")
                    json.beginArray()
                    for patch in patches {
                        json.element()
                        write(patch, into: &json)
                    }
                    json.endArray()
                }
                if let images = kustomize.images, !images.isEmpty {
                    json.key("images")
                    json.beginArray()
                    for image in images {
                        json.element()
                        json.beginObject()
                        json.key("name")
                        json.string(image.name)
                        writeIfSet([("newName", image.newName), ("newTag", image.newTag), ("digest", image.digest)], into: &json)
                        json.endObject()
                    }
                    json.endArray()
                }
                json.endObject()
            }
            json.endObject()
        }
        json.endArray()
        return ArtifactRecord.digest(of: json.bytes + [UInt8(ascii: "\n")])
    }

    private static func write(_ patch: Patch, into json: inout GoJSONWriter) {
        json.beginObject()
        json.key("patch")
        json.string(patch.patch)
        if let target = patch.target {
            json.key("target")
            json.beginObject()
            writeIfSet([
                ("group", target.group), ("version", target.version), ("kind", target.kind), ("namespace", target.namespace),
                ("name", target.name), ("annotationSelector", target.annotationSelector), ("labelSelector", target.labelSelector),
            ], into: &json)
            json.endObject()
        }
        json.endObject()
    }

    /// The members whose values are set and not empty (Go's `omitempty` on a string).
    private static func writeIfSet(_ members: [(String, String?)], into json: inout GoJSONWriter) {
        for (key, value) in members {
            guard let value, !value.isEmpty else { continue }
            json.key(key)
            json.string(value)
        }
    }
}
