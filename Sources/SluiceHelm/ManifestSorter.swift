import Foundation
import SluiceCore

/// Splits rendered templates into documents and sorts them as Helm does (`SortManifests`): templates by path, documents
/// in file order, hooks (`helm.sh/hook`) apart, each list then stably by Helm's install order of kinds.
enum ManifestSorter {
    /// The documents of `text`, split at lines starting `---` as Helm's `SplitManifests` (blank documents dropped,
    /// leading white space trimmed).
    static func split(_ text: String) -> [String] {
        var documents: [String] = []
        var current = ""
        let trimmed = String(text.drop { $0.isWhitespace })
        var lines = trimmed.split(separator: "\n", omittingEmptySubsequences: false)
        if trimmed.hasSuffix("\n") { lines.removeLast() }
        for (index, line) in lines.enumerated() {
            let isLast = index == lines.count - 1 && !trimmed.hasSuffix("\n")
            if line.hasPrefix("---") {
                documents.append(current)
                current = String(line.dropFirst(3).drop { $0 == " " || $0 == "\t" })
                current += isLast ? "" : "\n"
                continue
            }
            current += line + (isLast ? "" : "\n")
        }
        documents.append(current)
        return documents.filter { !$0.allSatisfy(\.isWhitespace) }.map { String($0.drop { $0.isWhitespace }) }
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
        "\(error)"
    }
}
