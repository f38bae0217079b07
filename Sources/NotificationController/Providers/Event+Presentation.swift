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

    /// The commit SHA in the `revision` metadata (`main@sha1:abc…`, `sha1:abc…` or a bare SHA), when there is one.
    var commitSHA: String? {
        guard let revision = metadata?["revision"], !revision.isEmpty else { return nil }
        let sha = revision.split(separator: ":").last.map(String.init) ?? revision
        let isHex = !sha.isEmpty && sha.allSatisfy { $0.isHexDigit }
        return isHex && sha.count >= 7 ? sha.lowercased() : nil
    }
}
