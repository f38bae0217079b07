extension Unicode.Scalar {
    /// Whether Go's `unicode.IsSpace` holds, as `strings.TrimSpace` uses to find blank lines.
    var isGoSpace: Bool {
        switch value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0: return true
        default: return properties.isWhitespace
        }
    }
}
