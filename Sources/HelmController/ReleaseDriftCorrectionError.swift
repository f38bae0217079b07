import SluiceApply

/// Drift correction that failed for some objects, worded as Flux's `DriftCorrectionFailed` event:
///
/// ```
/// Failed to partially correct cluster state of release default/web.v1:
/// Deployment/default/web patch failure: …
///
/// Successful corrections:
/// ConfigMap/default/web created
/// ```
///
/// The failures carry no Secret values (they are redacted before they get here).
public struct ReleaseDriftCorrectionError: Error, Sendable, CustomStringConvertible {
    /// `namespace/name.vN` of the release.
    public var release: String
    /// One line per object that could not be corrected (`Kind/ns/name creation failure: …`, `… patch failure: …`).
    public var failures: [String]
    /// What was corrected before and after the failures.
    public var corrected: [ChangeSetEntry]

    /// An error for `release`.
    public init(release: String, failures: [String], corrected: [ChangeSetEntry]) {
        self.release = release
        self.failures = failures
        self.corrected = corrected
    }

    public var description: String {
        var text = "Failed to \(corrected.isEmpty ? "" : "partially ")correct cluster state of release \(release):\n"
        text += failures.joined(separator: "\n")
        if !corrected.isEmpty {
            text += "\n\nSuccessful corrections:\n" + corrected.map(\.line).joined(separator: "\n")
        }
        return text
    }
}
