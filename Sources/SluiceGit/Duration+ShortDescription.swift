extension Duration {
    /// A short form for messages: `60s`, `1.5s`, `250ms`.
    var shortDescription: String {
        let milliseconds = components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
        if milliseconds < 1000 { return "\(milliseconds)ms" }
        if milliseconds % 1000 == 0 { return "\(milliseconds / 1000)s" }
        let seconds = Double(milliseconds) / 1000
        return "\(seconds)s"
    }
}
