import SluiceCore

/// The kinds Sluice serves, and decoding of manifests into their typed structs.
public enum APIScheme {
    /// Every kind, as CRD-describable types, in the order their CRDs are listed.
    public static var resources: [any CustomResource.Type] {
        [
            GitRepository.self, HelmRepository.self, HelmChart.self, OCIRepository.self, ExternalArtifact.self,
            ArtifactGenerator.self,
            Kustomization.self,
            HelmRelease.self,
            Provider.self, Alert.self, Receiver.self,
        ]
    }

    /// Every kind.
    public static var allKinds: [any APIObject.Type] { resources.map { $0 as any APIObject.Type } }

    /// The type serving `apiVersion` and `kind`, if any.
    public static func resourceType(apiVersion: String, kind: String) -> (any CustomResource.Type)? {
        resources.first { $0.apiVersion == apiVersion && $0.kind == kind }
    }

    /// Decodes `object` into the typed struct of its kind.
    ///
    /// - Parameters:
    ///   - object: An object read by ``ManifestReader``.
    ///   - document: The 1-based document index, for errors.
    ///   - source: The file or stream name, for errors.
    /// - Returns: The typed object, such as a ``GitRepository``.
    /// - Throws: ``ManifestError`` with `.unknownKind` when no type serves the object's
    ///   `apiVersion` and `kind`, or `.invalidField` naming the field (`spec.interval`),
    ///   the offending value and the problem.
    public static func decode(_ object: KubeObject, document: Int = 1, source: String? = nil) throws(ManifestError) -> any APIObject {
        try decodeResource(object, document: document, source: source)
    }

    /// Decodes `object` as ``decode(_:document:source:)`` does, keeping the CRD-describable type.
    public static func decodeResource(_ object: KubeObject, document: Int = 1, source: String? = nil) throws(ManifestError) -> any CustomResource {
        guard let type = resourceType(apiVersion: object.apiVersion, kind: object.kind) else {
            var name = "\(object.apiVersion), Kind=\(object.kind)"
            let served = resources.filter { $0.kind == object.kind && $0.group == object.gvk.group }
            if !served.isEmpty {
                // A closure, not `\.apiVersion`: a key path through an existential metatype crashes Swift 6.3's SILGen.
                name += " (served: " + served.map { $0.apiVersion }.joined(separator: ", ") + ")"
            }
            throw ManifestError(source: source, document: document, object: object.displayName, reason: .unknownKind(name))
        }
        return try type.decoding(object, document: document, source: source)
    }
}

extension CustomResource {
    /// Decodes `object` as this kind.
    fileprivate static func decoding(_ object: KubeObject, document: Int, source: String?) throws(ManifestError) -> any CustomResource {
        try object.decode(as: Self.self, document: document, source: source)
    }
}
