import Foundation

/// Paths in the package checkout, found from this file's location.
enum RepositoryRoot {
    /// The package root: `Tests/SluiceAPITests/RepositoryRoot.swift` up three levels.
    static let url = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent()

    /// `Config/crd`.
    static var crdDirectory: URL { url.appendingPathComponent("Config/crd", isDirectory: true) }

    /// `Config/samples`.
    static var samplesDirectory: URL { url.appendingPathComponent("Config/samples", isDirectory: true) }

    /// The names of the YAML files in `Config/samples`, sorted.
    static var sampleFiles: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: samplesDirectory.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted()
    }
}
