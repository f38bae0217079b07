import Foundation
/// Why a chart could not be loaded, its values coalesced or validated, or its templates rendered.
///
/// `description` is Helm's own wording (what `helm template` prints after `Error: `), which names the chart, the
/// template and line, or the values path.
public struct HelmError: Error, Sendable, CustomStringConvertible {
    /// The stage that failed: `helm template` appends its `--debug` hint only to rendering failures.
    public enum Stage: Sendable, Hashable {
        /// Reading the chart: archives, `Chart.yaml`, dependencies.
        case load
        /// Values files, `--set` arguments and the values schema.
        case values
        /// Rendering and sorting the manifests (and the chart's `kubeVersion`).
        case render
    }

    /// Where it failed.
    public var stage: Stage
    /// Helm's message.
    public var message: String
    /// For a rendered manifest that is not YAML: every rendered template by path, which `--debug` prints.
    public var renderedFiles: [String: String]?

    /// An error of `stage` with Helm's `message`.
    public init(_ stage: Stage, _ message: String) {
        self.stage = stage
        self.message = message
    }

    public var description: String { message }
}
