import Foundation
import SluiceCore

/// Flux's semver choice of a tag: the highest tag that parses as a version (lenient, `v` allowed), passes the
/// `semverFilter` regular expression and satisfies the constraint. For Helm charts `_` in a tag stands for `+`,
/// as Helm maps build metadata.
public enum OCITagSelection {
    /// The chosen tag among `tags`.
    ///
    /// - Throws: ``OCIError`` (`.invalidReference`) for a constraint or filter that does not parse, `.notFound` when no tag matches.
    public static func highest(satisfying constraint: String, filter: String? = nil, among tags: [String], helmChart: Bool = false,
                               reference: String) throws(OCIError) -> String
    {
        let parsed: VersionConstraint
        do { parsed = try VersionConstraint(constraint) } catch {
            throw OCIError(.invalidReference, reference: reference, "semver '\(constraint)' parse error: \(error)")
        }
        var candidates = tags
        if let filter, !filter.isEmpty {
            let regex: LinearRegex
            do { regex = try LinearRegex(filter) } catch {
                throw OCIError(.invalidReference, reference: reference, "semverFilter '\(filter)' is not a valid regular expression: \(error)")
            }
            candidates = candidates.filter { regex.matches($0) }
        }
        var byVersion: [SemanticVersion: String] = [:]
        for tag in candidates {
            guard let version = SemanticVersion(helmChart ? tag.replacingOccurrences(of: "_", with: "+") : tag) else { continue }
            byVersion[version] = tag
        }
        guard let chosen = parsed.highest(of: byVersion.keys), let tag = byVersion[chosen] else {
            throw OCIError(.notFound, reference: reference, "no match found for semver: \(constraint)")
        }
        return tag
    }
}
