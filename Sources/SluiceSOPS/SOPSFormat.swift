/// The file formats SOPS stores encrypted documents in.
public enum SOPSFormat: Sendable, Hashable {
    case yaml, json, dotenv, ini, binary

    /// The format SOPS chooses for a file name: by its extension (`.yaml`/`.yml`, `.json`, `.env`, `.ini`), else binary.
    public init(fileName: String) {
        let lower = fileName.lowercased()
        if lower.hasSuffix(".yaml") || lower.hasSuffix(".yml") {
            self = .yaml
        } else if lower.hasSuffix(".json") {
            self = .json
        } else if lower.hasSuffix(".env") {
            self = .dotenv
        } else if lower.hasSuffix(".ini") {
            self = .ini
        } else {
            self = .binary
        }
    }
}
