import ArgumentParser
import Foundation
import Logging
import SluiceKustomize

/// `kustomize-controller build DIR`: prints what the built-in kustomize engine builds from a directory, as `kubectl kustomize DIR` does.
public struct KustomizeBuildCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Build a kustomization directory and print the YAML (as `kubectl kustomize DIR`).")

    @Argument(help: "The directory holding the kustomization.")
    var directory: String = "."

    @Option(name: .customLong("root"), help: "The directory files may not leave (default: the enclosing Git repository, else /).")
    var root: String?

    @Flag(name: .customLong("no-remote-bases"), help: "Refuse remote bases and resources instead of fetching them (as the controller's flag).")
    var noRemoteBases = false

    @OptionGroup var remoteBaseLimits: RemoteBaseOptions

    public init() {}

    public func run() throws {
        let logger = Logger(label: "kustomize-build")
        let fileManager = FileManager.default
        let target = URL(fileURLWithPath: directory, relativeTo: URL(fileURLWithPath: fileManager.currentDirectoryPath)).standardizedFileURL
        let workingDirectory = URL(fileURLWithPath: fileManager.currentDirectoryPath).standardizedFileURL
        let rootURL = root.map { URL(fileURLWithPath: $0, relativeTo: workingDirectory).standardizedFileURL } ?? KustomizationOverlay.sourceRoot(containing: target)
        let rootPath = rootURL.resolvingSymlinksInPath().path
        let targetPath = target.resolvingSymlinksInPath().path
        guard rootPath == "/" || targetPath == rootPath || targetPath.hasPrefix(rootPath + "/") else {
            FileHandle.standardError.write(Data("kustomize-controller build: \(directory): not in or below the root \(rootPath)\n".utf8))
            throw ExitCode(1)
        }
        let relative = String(targetPath.dropFirst(rootPath.count)).drop { $0 == "/" }
        do {
            let fileSystem = try DiskFileSystem(root: rootPath)
            var builder = KustomizeBuilder(fileSystem: fileSystem, logger: logger)
            // A cache of its own for this one build, removed afterwards. The build runs on the main thread, which the
            // loader may block (it is no thread of the cooperative pool).
            let work = fileManager.temporaryDirectory.appendingPathComponent("kustomize-build-remote-\(UUID().uuidString)")
            let settings = remoteBaseLimits.settings(cacheDirectory: work.appendingPathComponent("cache"), workDirectory: work)
            let loader = noRemoteBases ? nil : RemoteBaseLoader(settings: settings, logger: logger)
            defer { try? fileManager.removeItem(at: work) }
            builder.remoteLoader = loader
            let yaml = try builder.buildYAML(path: String(relative))
            FileHandle.standardOutput.write(Data(yaml.utf8))
        } catch {
            FileHandle.standardError.write(Data("kustomize-controller build: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}
