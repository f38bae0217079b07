import Foundation

extension CustomResourceDefinitionRenderer {
    /// What differs between the generated files and a directory on disk.
    public struct Difference: Sendable, Hashable, CustomStringConvertible {
        /// How the file differs.
        public enum Kind: String, Sendable, Hashable {
            /// The file would be generated but is not on disk.
            case missing
            /// The file on disk has other contents.
            case changed
            /// A YAML file under `bases/` that would not be generated.
            case unexpected
        }

        /// The path relative to the directory.
        public var path: String
        /// How it differs.
        public var kind: Kind

        /// A difference.
        public init(path: String, kind: Kind) {
            self.path = path
            self.kind = kind
        }

        /// `<kind>: <path>`.
        public var description: String { "\(kind.rawValue): \(path)" }
    }

    /// Compares `files` with the files under `directory`.
    ///
    /// - Returns: The differences, sorted by path; empty when the directory is up to date.
    public func differences(between files: [GeneratedFile], and directory: URL) -> [Difference] {
        var differences: [Difference] = []
        for file in files {
            let url = directory.appendingPathComponent(file.path)
            guard let data = FileManager.default.contents(atPath: url.path) else {
                differences.append(Difference(path: file.path, kind: .missing))
                continue
            }
            if String(decoding: data, as: UTF8.self) != file.contents {
                differences.append(Difference(path: file.path, kind: .changed))
            }
        }
        let expected = Set(files.map(\.path))
        for path in Self.yamlFiles(under: directory, subdirectory: "bases") where !expected.contains(path) {
            differences.append(Difference(path: path, kind: .unexpected))
        }
        return differences.sorted { $0.path < $1.path }
    }

    /// Writes `files` under `directory`, creating folders, and removes YAML files under `bases/` that are no longer generated.
    ///
    /// - Returns: What was out of date and has been written (`.missing`, `.changed`) or removed (`.unexpected`).
    @discardableResult
    public func write(_ files: [GeneratedFile], to directory: URL) throws -> [Difference] {
        var touched: [Difference] = []
        for difference in differences(between: files, and: directory) {
            let url = directory.appendingPathComponent(difference.path)
            switch difference.kind {
            case .missing, .changed:
                guard let file = files.first(where: { $0.path == difference.path }) else { continue }
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(file.contents.utf8).write(to: url, options: .atomic)
            case .unexpected:
                try FileManager.default.removeItem(at: url)
            }
            touched.append(difference)
        }
        return touched
    }

    private static func yamlFiles(under directory: URL, subdirectory: String) -> [String] {
        let folder = directory.appendingPathComponent(subdirectory)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.map { "\(subdirectory)/\($0)" }
    }
}
