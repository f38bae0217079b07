import Logging
import SluiceAPI
import SluiceCore
import SluiceKustomize

/// A post-renderer that runs kustomize over a release's rendered manifest, as Flux's `internal/postrender` does: the
/// manifest becomes the one resource of a kustomization (in memory, nothing on disk) with the `spec.postRenderers[]`
/// `kustomize` patches (strategic merge or JSON 6902, with targets) and images, and the build's output, in
/// kustomize's order and layout, replaces the manifest.
///
/// Flux also labels every object with its HelmRelease (`helm.toolkit.fluxcd.io/name` and `/namespace`) after the
/// user's post-renderers; ``originLabels(namespace:name:)`` is that step, a kustomize label transformer on
/// `metadata.labels` alone that keeps the objects' order.
struct KustomizePostRenderer: Sendable {
    /// Patches applied to the manifest's objects.
    var patches: [Patch] = []
    /// Image overrides.
    var images: [Image] = []
    /// Labels set on every object's `metadata.labels` (not on selectors or templates).
    var labels: [String: String] = [:]
    /// Whether the output keeps the input's order (kustomize's `fifo`) rather than kustomize's `legacy` kind order.
    var keepsOrder = false

    /// The name of the manifest inside the kustomization, as Flux names it.
    static let inputName = "helm-output.yaml"

    /// The step that labels every object with the HelmRelease `namespace/name` it belongs to.
    static func originLabels(namespace: String, name: String) -> KustomizePostRenderer {
        KustomizePostRenderer(labels: ["\(HelmRelease.group)/name": name, "\(HelmRelease.group)/namespace": namespace],
                              keepsOrder: true)
    }

    /// The kustomization file that applies this post-renderer to ``inputName``.
    var kustomization: JSONValue {
        var file: JSONObject = [
            "apiVersion": "kustomize.config.k8s.io/v1beta1",
            "kind": "Kustomization",
            "resources": [.string(Self.inputName)],
        ]
        if !images.isEmpty {
            file["images"] = .array(images.map { image in
                var entry: JSONObject = ["name": .string(image.name)]
                if let newName = image.newName, !newName.isEmpty { entry["newName"] = .string(newName) }
                if let newTag = image.newTag, !newTag.isEmpty { entry["newTag"] = .string(newTag) }
                if let digest = image.digest, !digest.isEmpty { entry["digest"] = .string(digest) }
                return .object(entry)
            })
        }
        if !patches.isEmpty {
            file["patches"] = .array(patches.map { patch in
                var entry: JSONObject = ["patch": .string(patch.patch)]
                if let target = patch.target {
                    var selector = JSONObject()
                    let fields: [(String, String?)] = [
                        ("group", target.group), ("version", target.version), ("kind", target.kind), ("name", target.name),
                        ("namespace", target.namespace), ("labelSelector", target.labelSelector),
                        ("annotationSelector", target.annotationSelector),
                    ]
                    for (key, value) in fields { if let value, !value.isEmpty { selector[key] = .string(value) } }
                    entry["target"] = .object(selector)
                }
                return .object(entry)
            })
        }
        if !labels.isEmpty {
            let pairs = JSONObject(labels.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })
            file["labels"] = [["pairs": .object(pairs), "includeSelectors": false]]
        }
        if keepsOrder {
            file["sortOptions"] = ["order": "fifo"]
        }
        return .object(file)
    }

    /// The manifest after kustomize.
    ///
    /// - Throws: ``KustomizeError`` naming the patch or object kustomize refused.
    func run(_ manifest: String, logger: Logger) throws(KustomizeError) -> String {
        var fileSystem = InMemoryFileSystem()
        fileSystem.write(Self.inputName, manifest)
        fileSystem.write("kustomization.yaml", JSONSerializer().string(kustomization))
        var builder = KustomizeBuilder(fileSystem: fileSystem, logger: logger)
        // Flux's `LoadRestrictionsNone`; nothing but the two files exists.
        builder.restrictsFilesToKustomizationDirectory = false
        return try builder.buildYAML(path: ".")
    }
}
