/// Go's simple case folding as `strings.EqualFold` and `encoding/json`'s field matching (`foldName`) apply it, for
/// comparing untrusted text with a name of ASCII letters (a struct field, `false`).
public enum GoFold {
    /// `text` with each ASCII letter in upper case, and the two letters outside ASCII that fold into it turned into
    /// theirs: `ſ` (U+017F, long s) into `S` and `K` (U+212A, Kelvin sign) into `K`. Every other character is kept,
    /// so `folded(a) == folded(b)` exactly when Go's `strings.EqualFold(a, b)` holds, provided `b` is ASCII.
    public static func folded(_ text: some StringProtocol) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x61...0x7A: scalars.append(Unicode.Scalar(UInt8(scalar.value - 0x20)))
            case 0x17F: scalars.append("S")
            case 0x212A: scalars.append("K")
            default: scalars.append(scalar)
            }
        }
        return String(scalars)
    }

    /// Go's `strings.EqualFold(text, ascii)` for `ascii` made of ASCII characters.
    public static func equal(_ text: some StringProtocol, ascii: String) -> Bool {
        folded(text) == folded(ascii)
    }
}
