import SluiceStore

extension ArtifactServer {
    /// The artifact a file name in an artifact path names, among one object's artifacts (newest first):
    /// `<sha>.tar.gz` (GitRepository and OCIRepository, by revision), `index-<hex>.yaml` (HelmRepository, revision `sha256:<hex>`),
    /// `index.yaml` and `latest.tar.gz` (the newest, as Flux's symlinks), `<chart>-<version>.tgz` (HelmChart, by version).
    static func record(named file: String, among records: [ArtifactRecord]) -> ArtifactRecord? {
        if file == "index.yaml" || file == "latest.tar.gz" { return records.first }
        if file.hasPrefix("index-"), file.hasSuffix(".yaml") {
            let hex = file.dropFirst("index-".count).dropLast(".yaml".count)
            return records.first { $0.revision == "sha256:\(hex)" }
        }
        if file.hasSuffix(".tgz") {
            let stem = file.dropLast(".tgz".count)
            return records.first { stem.hasSuffix("-\($0.revision)") }
        }
        guard file.hasSuffix(".tar.gz") else { return nil }
        let sha = String(file.dropLast(".tar.gz".count))
        return records.first { $0.revision.hasSuffix(":\(sha)") || $0.revision == sha || $0.revision.hasSuffix("@\(sha)") }
    }
}
