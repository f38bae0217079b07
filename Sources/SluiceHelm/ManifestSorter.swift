import Foundation
import SluiceCore

/// Splits rendered templates into documents and sorts them as Helm does (`SortManifests`): templates by path, documents
/// in file order, hooks (`helm.sh/hook`) apart, each list then stably by Helm's install order of kinds.
enum ManifestSorter {
    /// The documents of `text`, split at lines starting `---` as Helm's `SplitManifests` (blank documents dropped,
    /// leading white space trimmed).
    static func split(_ text: String) -> [String] {
        let scalars = Array(text.unicodeScalars.drop { $0.properties.isWhitespace })
        var documents: [String] = []
        var documentStart = 0
        var index = 0
        while index < scalars.count {
            let atLineStart = index == 0 || scalars[index - 1] == "\n"
            if atLineStart, index + 2 < scalars.count || index + 3 == scalars.count,
               scalars[index] == "-", scalars[index + 1] == "-", scalars[index + 2] == "-" {
                documents.append(Self.string(scalars[documentStart..<index]))
                index += 3
                while index < scalars.count, scalars[index] == " " || scalars[index] == "\t" { index += 1 }
                documentStart = index
                continue
            }
            index += 1
        }
        documents.append(Self.string(scalars[documentStart...]))
        return documents.filter { !$0.unicodeScalars.allSatisfy(\.properties.isWhitespace) }
            .map { Self.string(ArraySlice($0.unicodeScalars.drop { $0.properties.isWhitespace })) }
    }

    private static func string(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }

    /// Hooks and manifests of `files` (template path → rendered text), sorted.
    static func sort(_ files: [String: String]) throws(HelmError) -> (hooks: [HelmHook], manifests: [RenderedManifest]) {
        var hooks: [HelmHook] = []
        var manifests: [RenderedManifest] = []
        for path in files.keys.sorted() {
            let content = files[path]!
            let base = path.split(separator: "/").last.map(String.init) ?? path
            if base.hasPrefix("_") || content.allSatisfy(\.isWhitespace) { continue }
            for document in split(content) {
                let head: JSONObject
                do {
                    let parsed = try YAMLReader().documents(document, source: path)
                    head = parsed.first?.value.objectValue ?? JSONObject()
                } catch {
                    throw HelmError(.render, "YAML parse error on \(path): error converting YAML to JSON: yaml: \(yamlMessage(error))")
                }
                let kind = head["kind"]?.stringValue ?? ""
                let apiVersion = head["apiVersion"]?.stringValue ?? ""
                let metadata = head["metadata"]?.objectValue
                let annotations = metadata?["annotations"]?.objectValue ?? JSONObject()
                guard let hookText = annotations["helm.sh/hook"]?.scalarText else {
                    manifests.append(RenderedManifest(path: path, content: document, kind: kind, apiVersion: apiVersion))
                    continue
                }
                var events: [String] = []
                var unknown = false
                for item in hookText.split(separator: ",", omittingEmptySubsequences: false) {
                    guard let event = HelmHook.knownEvents[item.trimmingCharacters(in: .whitespaces).lowercased()] else { unknown = true; break }
                    events.append(event)
                }
                if unknown { continue }
                let policies = annotations["helm.sh/hook-delete-policy"]?.scalarText.map {
                    $0.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
                } ?? []
                hooks.append(HelmHook(events: events, weight: annotations["helm.sh/hook-weight"]?.scalarText.flatMap { Int($0) } ?? 0,
                                      deletePolicies: policies, name: metadata?["name"]?.scalarText ?? "", kind: kind, path: path,
                                      manifest: document))
            }
        }
        return (KindOrder.sorted(hooks, kind: \.kind), KindOrder.sorted(manifests, kind: \.kind))
    }

    /// The YAML parser's message as go-yaml words it (`line N: could not find expected ':'`).
    static func yamlMessage(_ error: ManifestError) -> String {
        guard case .syntax(let text) = error.reason else { return "\(error)" }
        var problem = text
        var line = error.line ?? 0
        if text.hasPrefix("while ") {
            // libyaml reports "CONTEXT PROBLEM"; go-yaml prints the problem alone, and for parser (not scanner) errors
            // the 0-based line of the problem.
            let starts = ["could not find", "did not find", "found ", "mapping values", "block sequence", "expected "]
            if let start = starts.compactMap({ text.range(of: $0)?.lowerBound }).min() { problem = String(text[start...]) }
            if text.hasPrefix("while parsing") { line -= 1 }
        }
        return line > 0 ? "line \(line): \(problem)" : problem
    }
}
