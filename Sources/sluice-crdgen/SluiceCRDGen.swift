import ArgumentParser
import Foundation
import SluiceAPI

/// Writes the CustomResourceDefinitions of every kind in ``APIScheme`` to `Config/crd`, or checks that they are up to date.
@main
struct SluiceCRDGen: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sluice-crdgen",
        abstract: "Generate the CustomResourceDefinitions of Sluice's Flux-compatible kinds.",
        discussion: """
            Writes one CRD a kind to <output>/bases/<group>_<plural>.yaml and a kustomization.yaml \
            listing them. Run it from the package root after changing a type in Sources/SluiceAPI.
            """)

    @Option(name: .shortAndLong, help: "The directory to write, relative to the current directory.")
    var output = "Config/crd"

    @Flag(help: "Write nothing; exit 1, listing the files that differ, when the directory is out of date.")
    var check = false

    func run() throws {
        let renderer = CustomResourceDefinitionRenderer()
        let files = try renderer.files()
        let directory = URL(fileURLWithPath: output, isDirectory: true)
        if check {
            let differences = renderer.differences(between: files, and: directory)
            guard differences.isEmpty else {
                var message = "\(output) is out of date:\n"
                for difference in differences { message += "  \(difference)\n" }
                message += "Run `swift run sluice-crdgen` to regenerate.\n"
                FileHandle.standardError.write(Data(message.utf8))
                throw ExitCode(1)
            }
            print("\(output) is up to date (\(files.count) files).")
            return
        }
        let touched = try renderer.write(files, to: directory)
        if touched.isEmpty {
            print("\(output) is up to date (\(files.count) files).")
        } else {
            for difference in touched {
                print("\(difference.kind == .unexpected ? "removed" : "wrote") \(output)/\(difference.path)")
            }
        }
    }
}
