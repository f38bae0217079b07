import SluiceGit

extension GitCommit {
    /// The subject, cut to 50 characters with `...` as Flux's event message does.
    var shortMessage: String {
        let subject = message.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        return subject.count > 50 ? "\(subject.prefix(50))..." : subject
    }
}
