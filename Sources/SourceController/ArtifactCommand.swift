import ArgumentParser
import Foundation
import SluiceAPI
import SluiceRuntime
import SluiceStore

/// `source-controller artifact export gitrepository NAMESPACE/NAME -o FILE`: writes the stored tarball.
struct ArtifactCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "artifact", abstract: "Work with stored artifacts.", subcommands: [Export.self])

    /// `artifact export`.
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export", abstract: "Write an object's newest stored artifact (a tar.gz, an index or a chart package) to a file.")

        @Argument(help: "The kind: gitrepository, helmrepository, helmchart or ocirepository.")
        var kind: SourceKind

        @Argument(help: "NAMESPACE/NAME (or NAME in the default namespace).")
        var object: String

        @Option(name: [.customShort("o"), .customLong("output")], help: "The file to write ('-' for standard output).")
        var output: String

        @OptionGroup var cluster: ClusterOptions

        func run() throws {
            guard let key = ObjectKey(object) else { throw ValidationError("expected NAMESPACE/NAME, got '\(object)'") }
            let store = try Store(path: cluster.storePath)
            let kindName = kind.kindName
            guard let record = try store.latestArtifact(kind: kindName, namespace: key.namespace, name: key.name) else {
                throw ValidationError("no artifact stored for \(kindName) \(key) in \(store.path)")
            }
            let content = try store.artifactContent(record)
            if output == "-" {
                FileHandle.standardOutput.write(Data(content))
            } else {
                try Data(content).write(to: URL(fileURLWithPath: output), options: .atomic)
                FileHandle.standardError.write(Data("wrote \(record.revision) (\(record.digest), \(record.size) bytes) to \(output)\n".utf8))
            }
        }
    }
}
