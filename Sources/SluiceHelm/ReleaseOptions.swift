import Foundation
import SluiceGoTemplate

/// `.Release`: what the chart is being installed as.
public struct ReleaseOptions: Sendable {
    /// The release name.
    public var name: String
    /// The namespace.
    public var namespace: String
    /// The revision (1 for an install).
    public var revision: Int
    /// Whether this is an upgrade (`--is-upgrade`) rather than an install.
    public var isUpgrade: Bool

    /// A release `name` in `namespace`.
    public init(name: String, namespace: String = "default", revision: Int = 1, isUpgrade: Bool = false) {
        self.name = name
        self.namespace = namespace
        self.revision = revision
        self.isUpgrade = isUpgrade
    }

    var templateData: TemplateData {
        .map(["Name": .string(name), "Namespace": .string(namespace), "IsUpgrade": .bool(isUpgrade),
              "IsInstall": .bool(!isUpgrade), "Revision": .goInt(revision), "Service": .string("Helm")])
    }
}
