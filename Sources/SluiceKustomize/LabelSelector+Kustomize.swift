import SluiceCore

extension LabelSelector {
    /// Parses a patch target's or replacement's `labelSelector`/`annotationSelector`, naming `file` when it cannot.
    init(_ text: String, file: String) throws(KustomizeError) {
        do {
            try self.init(parsing: text)
        } catch {
            throw KustomizeError("invalid selector '\(text)': \(error)", file: file)
        }
    }

    /// Whether a resource's `metadata.labels` (or annotations) satisfy the selector; values compare as kustomize's strings.
    func matches(_ labels: JSONObject) -> Bool {
        matches { labels[$0].flatMap(Kustomization.scalarString) }
    }
}
