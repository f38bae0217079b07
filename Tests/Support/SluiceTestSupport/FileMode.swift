import Foundation

/// Permission bits of files, for tests of what Sluice leaves readable.
public enum FileMode {
    /// The permission bits (`0o777` mask) of `url`, not following a final symbolic link; `nil` when it does not exist.
    public static func of(_ url: URL) -> Int? {
        var status = stat()
        guard lstat(url.path, &status) == 0 else { return nil }
        return Int(status.st_mode & 0o777)
    }

    /// `mode` in octal, for messages.
    public static func octal(_ mode: Int?) -> String { mode.map { "0" + String($0, radix: 8) } ?? "missing" }
}
