import ArgumentParser
import Foundation
import SluiceCore
import SluiceRuntime

/// `sluice get all|sources git|kustomizations|…`: Flux objects with Ready, message, revision, suspended and age.
struct GetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get",
        abstract: "Show Flux objects: ready, message, revision, suspended, age.",
        discussion: "KIND is all, sources git|helm|chart|oci|externalartifact|artifactgenerator, sources all, kustomizations (ks), helmreleases (hr), alerts, providers or receivers; a NAME shows one.")

    @OptionGroup var global: GlobalOptions

    @Option(name: [.customShort("o"), .customLong("output")], help: "table, yaml or json.")
    var output: OutputFormat = .table

    @Argument(help: "The kind, then optionally a name.")
    var words: [String] = []

    func run() async throws {
        let kinds: [FluxKind]
        var rest: [String]
        switch words.first?.lowercased() {
        case nil:
            throw CLIError("missing a kind", hint: "for example: sluice get all, sluice get sources git, sluice get kustomizations")
        case "all":
            kinds = FluxKind.allCases
            rest = Array(words.dropFirst())
        case "source" where words.count >= 2 && words[1].lowercased() == "all",
             "sources" where words.count >= 2 && words[1].lowercased() == "all":
            kinds = [.gitRepository, .helmRepository, .helmChart, .ociRepository, .externalArtifact, .artifactGenerator]
            rest = Array(words.dropFirst(2))
        default:
            let parsed = try FluxKind.parse(words)
            kinds = [parsed.kind]
            rest = parsed.rest
        }
        guard rest.count <= 1 else { throw CLIError("too many arguments: \(rest.joined(separator: " "))", hint: "sluice get KIND [NAME]") }
        let client = try global.client()
        let namespace = global.listNamespace(for: client)
        var sections: [(FluxKind, [KubeObject])] = []
        for kind in kinds {
            var objects = try await global.objects(kind, namespace: namespace, client: client)
            if let name = rest.first { objects = objects.filter { $0.name == name } }
            sections.append((kind, objects))
        }
        if let name = rest.first, sections.allSatisfy({ $0.1.isEmpty }) {
            throw CLIError("\(kinds.map(\.gvk.kind).joined(separator: "/")) \(namespace ?? "*")/\(name) not found",
                           hint: "list them with: sluice get \(words[0]) -A")
        }
        switch output {
        case .yaml:
            let documents = sections.flatMap { $0.1.map(\.value) }
            if !documents.isEmpty { FileHandle.standardOutput.write(Data(try YAMLWriter().string(documents: documents).utf8)) }
        case .json:
            let items = JSONValue.object(JSONObject([("apiVersion", .string("v1")), ("kind", .string("List")),
                                                     ("items", .array(sections.flatMap { $0.1.map(\.value) }))]))
            Terminal.out(JSONSerializer(pretty: true).string(items))
        case .table:
            Self.printTables(sections, showNamespace: namespace == nil, headings: kinds.count > 1, namespace: namespace)
        }
    }

    /// Prints one status table per kind (headed by the kind when `headings`); says so when a single kind has none.
    static func printTables(_ sections: [(FluxKind, [KubeObject])], showNamespace: Bool, headings: Bool, namespace: String? = nil) {
        var printed = false
        for (kind, objects) in sections where !objects.isEmpty || !headings {
            if objects.isEmpty {
                Terminal.err("no \(kind.heading) objects found\(namespace.map { " in namespace \($0)" } ?? "")")
                continue
            }
            if printed { Terminal.out("") }
            if headings { Terminal.out("\(kind.heading):") }
            let rows = objects.map { StatusTable.Row(object: $0, revision: kind.revision(of: $0)) }
            Terminal.out(StatusTable(rows: rows, showNamespace: showNamespace, showAge: true).render())
            printed = true
        }
    }
}
