import Foundation
/// One rendered document that is not a hook: the template it came from, its text, kind and apiVersion.
public struct RenderedManifest: Sendable {
    /// The template path (`chart/templates/x.yaml`).
    public var path: String
    /// The document's text.
    public var content: String
    /// Its `kind`.
    public var kind: String
    /// Its `apiVersion`.
    public var apiVersion: String
}
