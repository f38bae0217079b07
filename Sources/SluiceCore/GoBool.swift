/// Go's `strconv.ParseBool`, for values Go programs read with it (kustomize's `?submodules=` on a remote base).
public enum GoBool {
    /// `true` for `1`, `t`, `T`, `TRUE`, `true` and `True`; `false` for `0`, `f`, `F`, `FALSE`, `false` and `False`;
    /// nil for anything else (Go's syntax error), so the caller decides what a bad value means.
    public static func parse(_ text: some StringProtocol) -> Bool? {
        switch text {
        case "1", "t", "T", "TRUE", "true", "True": true
        case "0", "f", "F", "FALSE", "false", "False": false
        default: nil
        }
    }
}
