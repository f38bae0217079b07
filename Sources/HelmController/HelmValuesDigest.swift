import SluiceCore
import SluiceGoTemplate
import SluiceStore

/// Flux's digest of a release's values (`chartutil.DigestValues(digest.Canonical, values)`), which becomes
/// `status.lastAttemptedConfigDigest` and the history's `configDigest`.
///
/// The values are written as YAML the way Flux writes them: `sigs.k8s.io/yaml.JSONObjectToYAMLObject` (a float64
/// that is integral becomes an int where it fits an int64, else a uint64), keys sorted by byte at every level,
/// encoded by Go's yaml.v2 (folded at 80 columns); the digest is the SHA-256 of that text. Empty values are no
/// text at all (`sha256:e3b0c442…`), as Flux hashes nil rather than `{}`.
enum HelmValuesDigest {
    /// `sha256:<hex>` of ``yaml(_:)``.
    static func digest(_ values: JSONObject) -> String {
        let text = (try? yaml(values)) ?? ""
        return ArtifactRecord.digest(of: Array(text.utf8))
    }

    /// The YAML text Flux hashes: empty for empty values.
    static func yaml(_ values: JSONObject) throws -> String {
        guard !values.isEmpty else { return "" }
        let writer = YAMLWriter(lineWidth: 80, floatFormatter: yamlFloat, dialect: .goYAMLv2)
        return try writer.string(tree(.object(values)))
    }

    /// The value as `JSONObjectToYAMLObject` and `SortMapSlice` leave it.
    static func tree(_ value: JSONValue) -> JSONValue {
        switch value {
        case .double(let d) where d.isFinite && d.rounded(.towardZero) == d:
            if d >= -0x1p63, d < 0x1p63 { return .int(Int64(d)) }
            return value
        case .array(let elements):
            return .array(elements.map(tree))
        case .object(let object):
            let sorted = object.members.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            return .object(JSONObject(sorted.map { ($0.key, tree($0.value)) }))
        default:
            return value
        }
    }

    /// A float64 `tree` left a float: integral ones (beyond int64) that fit a uint64 are Go's uint64 in digits,
    /// the rest `strconv.FormatFloat(d, 'g', -1, 64)`.
    @Sendable static func yamlFloat(_ d: Double) -> String {
        if d.rounded(.towardZero) == d, d >= 0, d < 0x1p64 {
            return String(UInt64(d))
        }
        return GoFloat.shortest(d)
    }
}
