import SluiceStore

extension Event {
    /// `kind/name.namespace`, as Flux's chat providers title an event.
    var objectTitle: String {
        "\(involvedObject.kind)/\(involvedObject.name).\(involvedObject.namespace ?? "")"
    }

    /// The metadata, sorted by key.
    var sortedMetadata: [(key: String, value: String)] {
        (metadata ?? [:]).sorted { $0.key < $1.key }
    }

    /// The revision a commit status goes on, looked up as Flux's `GetRevision` does: `commit`, then `originRevision`,
    /// then `revision` (the metadata as providers see it, prefixes stripped).
    var revision: String? {
        ["commit", "originRevision", "revision"].lazy.compactMap { self.metadata?[$0] }.first { !$0.isEmpty }
    }

    /// The commit SHA in ``revision`` (`main@sha1:abc…`, `sha1:abc…`, the older `main/abc…` or a bare SHA), when there is one.
    var commitSHA: String? {
        guard let revision else { return nil }
        let sha = revision.split(whereSeparator: { $0 == ":" || $0 == "/" }).last.map(String.init) ?? revision
        let isHex = !sha.isEmpty && sha.allSatisfy { $0.isHexDigit }
        return isHex && sha.count >= 7 ? sha.lowercased() : nil
    }

    /// The commit a commit status goes on: ``commitSHA``, except for `Progressing` events, which Flux's commit-status
    /// providers skip (a reconcile in progress is neither success nor failure).
    var commitStatusSHA: String? { reason == "Progressing" ? nil : commitSHA }
}
