import Foundation

/// Packages chart directories and writes a chart repository's `index.yaml`, as `helm package` and `helm repo index`
/// do, with the real GNU `tar`, `gzip` and `sha256sum` (there is no `helm` on the machine).
public enum ChartPackager {
    /// A packaged chart, as the index lists it.
    public struct Package: Sendable {
        /// `Chart.yaml`'s `name`.
        public var name: String
        /// `Chart.yaml`'s `version`.
        public var version: String
        /// `Chart.yaml`'s `appVersion`, if any.
        public var appVersion: String?
        /// The `.tgz` file.
        public var file: URL
        /// `sha256:`-less hex digest of the file, as Helm's index holds it.
        public var digest: String
    }

    /// Packages the chart in `directory` into `destination/<name>-<version>.tgz`, its entries under `<name>/`
    /// (deterministic: sorted, owner 0, mtime 0), and returns it.
    ///
    /// `directory`'s last component need not be the chart's name: the tree is staged under the name first.
    public static func package(_ directory: URL, into destination: URL) async throws -> Package {
        let metadata = try chartMetadata(directory)
        try FileManager.default.createDirectory(at: destination, withIntermediateDirectories: true)
        let stage = destination.appendingPathComponent(".stage-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: stage, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: stage) }
        try FileManager.default.copyItem(at: directory, to: stage.appendingPathComponent(metadata.name))
        let file = destination.appendingPathComponent("\(metadata.name)-\(metadata.version).tgz")
        try await Shell.run("/usr/bin/tar", [
            "--sort=name", "--owner=0", "--group=0", "--numeric-owner", "--mtime=@0",
            "-czf", file.path, "-C", stage.path, metadata.name,
        ], environment: ["GZIP": "-n"])
        let digest = try await sha256(file)
        return Package(name: metadata.name, version: metadata.version, appVersion: metadata.appVersion, file: file, digest: digest)
    }

    /// Writes `index.yaml` into `repository` listing `packages` by file name (relative URLs, as `helm repo index`).
    public static func writeIndex(_ packages: [Package], in repository: URL) throws {
        var text = "apiVersion: v1\nentries:\n"
        let byName = Dictionary(grouping: packages, by: \.name)
        for name in byName.keys.sorted() {
            text += "  \(name):\n"
            // Newest first, as Helm sorts an index.
            for package in byName[name]!.sorted(by: { $0.version.compare($1.version, options: .numeric) == .orderedDescending }) {
                text += "  - apiVersion: v2\n    name: \(package.name)\n    version: \(package.version)\n"
                if let appVersion = package.appVersion { text += "    appVersion: \"\(appVersion)\"\n" }
                text += "    created: \"2026-01-01T00:00:00Z\"\n    digest: \(package.digest)\n    urls:\n    - \(package.file.lastPathComponent)\n"
            }
        }
        text += "generated: \"2026-01-01T00:00:00Z\"\n"
        try Data(text.utf8).write(to: repository.appendingPathComponent("index.yaml"))
    }

    /// The hex SHA-256 of `file`, by `sha256sum`.
    public static func sha256(_ file: URL) async throws -> String {
        String(try await Shell.run("/usr/bin/sha256sum", [file.path]).prefix(64))
    }

    /// `name`, `version` and `appVersion` from the top-level keys of `directory/Chart.yaml` (plain scalars or
    /// double-quoted, as the fixtures write them).
    static func chartMetadata(_ directory: URL) throws -> (name: String, version: String, appVersion: String?) {
        let text = try String(contentsOf: directory.appendingPathComponent("Chart.yaml"), encoding: .utf8)
        var fields: [String: String] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix(" ") && !line.hasPrefix("#") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            fields[String(line[..<colon])] = value.trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
        }
        guard let name = fields["name"], let version = fields["version"] else {
            throw ShellError(description: "\(directory.path)/Chart.yaml has no name or version")
        }
        return (name, version, fields["appVersion"])
    }
}
