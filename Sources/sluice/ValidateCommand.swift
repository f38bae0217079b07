import ArgumentParser
import Foundation
import Logging
import SluiceAPI
import SluiceSchema

/// `sluice validate [DIR]`: checks a repository's manifests offline, as a CI job or a pre-commit hook runs it.
struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check every manifest of a repository against the Kubernetes and CRD schemas, with no cluster; exit 1 when any is invalid.",
        discussion: """
            Finds every Flux Kustomization in DIR (default .) whose source is the checkout (--local-sources; by default \
            bootstrap's GitRepository flux-system, and the ExternalArtifacts an ArtifactGenerator in DIR copies out of it) \
            and builds its spec.path as the kustomize-controller would \
            (Flux's generated kustomization and overlay, postBuild.substitute; substituteFrom is in a cluster and not read), \
            builds every other directory holding a kustomization file as `kubectl kustomize` would, reads every other YAML \
            file, and checks each object against its schema: Kubernetes v1.32's built-in kinds, Flux's and Sluice's CRDs, and \
            every CustomResourceDefinition in the repository. Hidden files and directories, Helm charts (Chart.yaml) and \
            Terraform directories are left out, as Flux's validate.sh does. Each problem is printed as \
            `file: Kind/namespace/name: field: problem`.

            For example: sluice validate . --skip-missing-schemas
            """)

    @Argument(help: "The repository's directory.")
    var directory: String = "."

    @Option(name: .customLong("kubernetes-version"), help: "The Kubernetes version whose schemas apply (Sluice carries v1.32).")
    var kubernetesVersion: String = "1.32"

    @Flag(name: .customLong("skip-missing-schemas"), help: "Count objects whose kind has no schema as skipped rather than as errors.")
    var skipMissingSchemas = false

    @Flag(name: .customLong("strict"), help: "Fail on warnings too (a Kustomization path outside the repository, a document that is not an object), and on a ${var} with no value or default.")
    var strict = false

    @Option(name: .customLong("local-sources"), help: "The sources that are this checkout or a directory in it, Kind/namespace/name=DIR[,…] (default: GitRepository/flux-system/flux-system=DIR, bootstrap's).")
    var localSources: [String] = []

    @Option(name: [.customShort("o"), .customLong("output")], help: "text or json.")
    var output: ValidateOutput = .text

    func run() async throws {
        guard Self.supports(kubernetesVersion) else {
            throw CLIError("--kubernetes-version \(kubernetesVersion): Sluice carries the schemas of Kubernetes 1.32 only",
                           hint: "use --kubernetes-version 1.32 (or leave it out)")
        }
        let tree = try ValidateTree(root: URL(fileURLWithPath: directory, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)))
        var sources: [String: String] = [:]
        for (key, directory) in try BuildLocalSources(localSources).directories {
            let resolved = directory.resolvingSymlinksInPath().path
            guard ValidateTree.isUnder(resolved, tree.root.path) else {
                throw CLIError("--local-sources \(key)=\(directory.path) is not in \(tree.root.path)", hint: "a local source of validate is the checkout or a directory in it")
            }
            sources[key] = String(resolved.dropFirst(tree.root.path.count)).drop { $0 == "/" }.description
        }
        if localSources.isEmpty { sources = ["GitRepository/\(GlobalOptions.defaultNamespace())/flux-system": ""] }
        var catalog: SchemaCatalog
        do {
            catalog = try SchemaCatalog.builtIn()
        } catch {
            throw CLIError("the built-in Kubernetes schemas cannot be read: \(error.message)")
        }
        let renderer = CustomResourceDefinitionRenderer()
        for resource in APIScheme.resources {
            try? catalog.addCustomResourceDefinition(renderer.definition(for: resource))
        }
        var logger = Logger(label: "sluice") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = .error
        let report = ValidateRepository(tree: tree, catalog: catalog, localSources: sources, strictSubstitutions: strict, skipMissingSchemas: skipMissingSchemas,
                                        logger: logger).run()
        switch output {
        case .text: Terminal.write(report.text(strict: strict))
        case .json: Terminal.write(report.json(strict: strict))
        }
        if report.fails(strict: strict) { throw ExitCode(1) }
    }

    /// Whether `version` (`1.32`, `v1.32.0`) names the schemas Sluice carries.
    static func supports(_ version: String) -> Bool {
        let parts = version.drop { $0 == "v" }.split(separator: ".")
        return parts.count >= 2 && parts[0] == "1" && parts[1] == "32"
    }
}

/// How `sluice validate` prints its report.
enum ValidateOutput: String, ExpressibleByArgument, CaseIterable {
    case text, json
}
