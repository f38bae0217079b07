import SluiceCore

/// YAML written as Go's `sigs.k8s.io/yaml.Marshal` writes it (JSON, then yaml.v2: sorted keys, folded at 80
/// columns) — Helm's `toYaml`, and how Flux's source-watcher writes a values file it merged.
public enum GoYAMLWriter {
    /// `value` as `sigs.k8s.io/yaml.Marshal` prints it, with the final newline.
    ///
    /// - Throws: when the value cannot be written (a non-finite number).
    public static func marshal(_ value: JSONValue) throws -> String {
        try HelmFunctions.toYAML(GoValue(json: value)) + "\n"
    }
}
