import ArgumentParser
import Foundation
import SluiceCore
import SluiceKube

/// The flags every `sluice create …` verb shares, as `flux create`'s persistent flags: the name, `--interval`,
/// `--export` and `--label`, plus the cluster flags.
struct CreateOptions: ParsableArguments {
    @OptionGroup var global: GlobalOptions

    @Argument(help: "The object's name (RFC 1123: lowercase letters, digits and '-').")
    var name: String

    @Option(name: .customLong("interval"), help: "Source sync interval (Go duration).")
    var interval: String = "1m"

    @Flag(name: .customLong("export"), help: "Export in YAML format to stdout instead of creating the object.")
    var export = false

    @Option(name: .customLong("label"), help: "Set labels on the resource (repeatable, or comma-separated: label1=value1,label2=value2).")
    var label: [String] = []

    func validate() throws {
        guard Self.isValidObjectName(name) else {
            throw ValidationError("name '\(name)' is invalid, it should adhere to standard defined in RFC 1123, the name can only contain alphanumeric characters or '-'")
        }
        guard GoDuration(interval) != nil else { throw ValidationError("invalid argument \"\(interval)\" for \"--interval\" flag: time: invalid duration \"\(interval)\"") }
    }

    /// Flux's `^[a-z0-9]([a-z0-9\-]){0,61}[a-z0-9]$`.
    static func isValidObjectName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard (2...63).contains(bytes.count) else { return false }
        let alphanumeric: (UInt8) -> Bool = { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
        return alphanumeric(bytes.first!) && alphanumeric(bytes.last!) && bytes.allSatisfy { alphanumeric($0) || $0 == UInt8(ascii: "-") }
    }

    /// `--interval` in Go's spelling (`1m0s`), as Flux writes `metav1.Duration`.
    var intervalText: String { Self.goDuration(interval) }

    /// A Go duration flag in Go's spelling.
    static func goDuration(_ text: String) -> String { GoDuration(text)?.description ?? text }

    /// The labels of `--label`, checked as Flux checks them.
    func labels() throws -> [(String, String)] {
        try Self.parseLabels(label)
    }

    /// `key=value` pairs, comma-separated or repeated, each checked as a Kubernetes label.
    static func parseLabels(_ flags: [String]) throws -> [(String, String)] {
        var result: [String: String] = [:]
        for item in flags.flatMap({ $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }) {
            let parts = item.split(separator: "=", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 2 else { throw CLIError("invalid label format '\(item)', must be key=value") }
            guard LabelSyntax.isQualifiedName(parts[0]) else {
                throw CLIError("invalid label '\(parts[0])': a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character, with an optional DNS subdomain prefix and '/'")
            }
            guard LabelSyntax.isValidValue(parts[1]) else {
                throw CLIError("invalid label value '\(parts[1])': a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (at most 63)")
            }
            result[parts[0]] = parts[1]
        }
        return result.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// The namespace to create in: `-n`, else the kubeconfig's (through ``GlobalOptions/namespace(for:)``), else
    /// `flux-system` when no cluster configuration exists (`--export` needs none).
    func namespace() -> String { global.namespaceWithoutCluster() }

    /// `metadata` as Flux writes it: name, namespace and the labels when any.
    func metadata(name: String? = nil) throws -> JSONValue {
        var metadata: JSONObject = ["name": .string(name ?? self.name), "namespace": .string(namespace())]
        let labels = try labels()
        if !labels.isEmpty { metadata["labels"] = .object(JSONObject(labels.map { ($0.0, JSONValue.string($0.1)) })) }
        return .object(metadata)
    }
}
