import SluiceCore

/// Sprig's `semver` and `semverCompare`, over SluiceCore's Masterminds v3 versions and constraints.
enum SemverFunctions {
    static func register(in table: inout FunctionTable) {
        table.add("semver", [.string]) { _, args throws(FunctionError) in
            guard let version = SemanticVersion(args[0].stringValue!) else { throw FunctionError("Invalid Semantic Version") }
            return .version(version)
        }
        table.add("semverCompare", [.string, .string]) { _, args throws(FunctionError) in
            let constraint: VersionConstraint
            do {
                constraint = try VersionConstraint(args[0].stringValue!)
            } catch {
                throw FunctionError("\(error)")
            }
            guard let version = SemanticVersion(args[1].stringValue!) else { throw FunctionError("Invalid Semantic Version") }
            return .bool(constraint.isSatisfied(by: version))
        }
    }

    /// The methods of `*semver.Version` a template may call without arguments (`.Major`, `.Prerelease`, …).
    static func method(_ name: String, of version: SemanticVersion) -> GoValue? {
        switch name {
        case "Major": return .int64(Int64(truncatingIfNeeded: version.major))
        case "Minor": return .int64(Int64(truncatingIfNeeded: version.minor))
        case "Patch": return .int64(Int64(truncatingIfNeeded: version.patch))
        case "Prerelease": return .string(version.prerelease.joined(separator: "."))
        case "Metadata": return .string(version.build.joined(separator: "."))
        case "Original": return .string(version.original)
        case "String": return .string(version.description)
        default: return nil
        }
    }
}
