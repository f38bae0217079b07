import SluiceArchive

/// A path of a GitRepository's spec (`spec.include[].fromPath`/`toPath`, `spec.sparseCheckout[]`) that cannot be
/// used, with a message naming the field and the path: `spec.include[0].toPath 'esc/x': path component 'esc' is a
/// symbolic link`.
struct SpecPathError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) { self.description = description }

    /// `field 'path': reason`.
    init(field: String, path: String, _ reason: String) { description = "\(field) '\(path)': \(reason)" }

    /// Runs `body`, which joins `path` onto a tree through ``ConfinedDirectory``, naming `field` in what it throws.
    static func naming<T>(_ field: String, _ path: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as ConfinedPathError {
            throw SpecPathError(field: field, path: path, error.message)
        }
    }
}
