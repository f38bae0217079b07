/// Why an artifact tree could not be read or changed.
struct ArtifactTreeError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
