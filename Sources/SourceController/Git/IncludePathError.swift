/// An include whose `fromPath` or `toPath` cannot be used.
struct IncludePathError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) { self.description = description }

    /// The components of a relative path inside an artifact; `..`, absolute paths and empty components are refused.
    static func relative(_ path: String, field: String) throws -> [String] {
        guard !path.hasPrefix("/") else { throw IncludePathError("\(field) '\(path)' must be relative") }
        let components = path.split(separator: "/").map(String.init).filter { $0 != "." }
        guard !components.contains("..") else { throw IncludePathError("\(field) '\(path)' must not contain '..'") }
        return components
    }
}
