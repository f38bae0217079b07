import Foundation
/// A document of a chart that is a hook (`helm.sh/hook`): run around install, upgrade, delete, rollback or as a test.
public struct HelmHook: Sendable {
    /// The events it runs on (`pre-install`, `test`, …).
    public var events: [String]
    /// `helm.sh/hook-weight` (0 when absent or not an integer).
    public var weight: Int
    /// `helm.sh/hook-delete-policy` entries.
    public var deletePolicies: [String]
    /// The object's name and kind.
    public var name: String
    /// The object's kind.
    public var kind: String
    /// The template it came from.
    public var path: String
    /// The document.
    public var manifest: String

    /// The events Helm knows (`test-success` is Helm 2's name for `test`).
    static let knownEvents: [String: String] = [
        "pre-install": "pre-install", "post-install": "post-install", "pre-delete": "pre-delete", "post-delete": "post-delete",
        "pre-upgrade": "pre-upgrade", "post-upgrade": "post-upgrade", "pre-rollback": "pre-rollback", "post-rollback": "post-rollback",
        "test": "test", "test-success": "test",
    ]

    /// Whether it is a test hook (`--skip-tests` leaves these out).
    public var isTest: Bool { events.contains("test") }
}
