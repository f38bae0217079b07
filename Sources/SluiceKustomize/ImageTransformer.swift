import Foundation
import SluiceCore

/// `images`: changes image names, tags and digests in containers (anywhere) and in the fields the field specs name.
struct ImageTransformer {
    var name: String
    var newName: String
    var newTag: String
    var digest: String
    var fieldSpecs: [FieldSpec]
    /// kustomize's unescaped `^NAME…$` pattern (a Go regular expression), matched in linear time: `name` is the repository's.
    let pattern: LinearRegex

    init(json: JSONValue, fieldSpecs: [FieldSpec], file: String) throws(KustomizeError) {
        guard let name = try Kustomization.string(json["name"], field: "images.name", file: file), !name.isEmpty else {
            throw KustomizeError("images: an entry needs a name", file: file)
        }
        self.name = name
        newName = try Kustomization.string(json["newName"], field: "images.newName", file: file) ?? ""
        newTag = try Kustomization.string(json["newTag"], field: "images.newTag", file: file) ?? ""
        digest = try Kustomization.string(json["digest"], field: "images.digest", file: file) ?? ""
        self.fieldSpecs = fieldSpecs
        do {
            pattern = try LinearRegex("^" + name + "(@sha256)?(:[a-zA-Z0-9_.{}-]*)?(@sha256:[a-zA-Z0-9]*)?$")
        } catch {
            throw KustomizeError("images: invalid image name '\(name)'", file: file)
        }
    }

    func transform(_ resources: inout [Resource]) throws(KustomizeError) {
        for index in resources.indices {
            var value = resources[index].value
            updateContainers(&value)
            for spec in fieldSpecs where spec.applies(to: resources[index].object) {
                try FieldWalker.walk(&value, spec.segments[...], create: nil) { node throws(KustomizeError) in
                    guard let text = node.stringValue else {
                        if node.isNull { return }
                        throw KustomizeError("images: expected a string at '\(spec.path)', found a \(node.typeName)", file: resources[index].source)
                    }
                    if let updated = update(text) { node = .string(updated) }
                }
            }
            resources[index].object = value.objectValue ?? resources[index].object
        }
    }

    /// kustomize's legacy image filter: the `image` of every element of any `containers` or `initContainers` list.
    ///
    /// Returns whether anything changed; only changed branches are written back, so the rest of the tree stays
    /// shared with the object it came from instead of being copied.
    @discardableResult
    private func updateContainers(_ node: inout JSONValue) -> Bool {
        switch node {
        case .object(var object):
            var changed = false
            for key in object.keys {
                var child = object[key]!
                var childChanged = false
                if key == "containers" || key == "initContainers", case .array(var items) = child {
                    for i in items.indices {
                        if let image = items[i]["image"]?.stringValue, let updated = update(image) {
                            items[i]["image"] = .string(updated)
                            childChanged = true
                        }
                    }
                    if childChanged { child = .array(items) }
                }
                if updateContainers(&child) { childChanged = true }
                if childChanged {
                    object[key] = child
                    changed = true
                }
            }
            if changed { node = .object(object) }
            return changed
        case .array(let items):
            var updatedItems = items
            var changed = false
            for index in items.indices {
                var element = items[index]
                if updateContainers(&element) {
                    updatedItems[index] = element
                    changed = true
                }
            }
            if changed { node = .array(updatedItems) }
            return changed
        default:
            return false
        }
    }

    /// The new image reference, or `nil` when `image` is not this entry's image.
    func update(_ image: String) -> String? {
        guard pattern.matches(image) else { return nil }
        var (imageName, tag, imageDigest) = Self.split(image)
        if !newName.isEmpty { imageName = newName }
        if !newTag.isEmpty && !digest.isEmpty {
            tag = newTag
            imageDigest = digest
        } else if !newTag.isEmpty {
            tag = newTag
            imageDigest = ""
        } else if !digest.isEmpty {
            tag = ""
            imageDigest = digest
        }
        var result = imageName
        if !tag.isEmpty { result += ":" + tag }
        if !imageDigest.isEmpty { result += "@" + imageDigest }
        return result
    }

    /// Splits `[host[:port]/]name[:tag][@digest]` into name, tag and digest.
    static func split(_ image: String) -> (String, String, String) {
        let chars = Array(image)
        var offset = 0
        if let slash = chars.firstIndex(of: "/"), slash > 0 { offset = slash }
        let search = chars[offset...]
        let at = search.firstIndex(of: "@")
        let colon = search.firstIndex(of: ":")
        if at == nil && colon == nil { return (image, "", "") }
        if let at, colon == nil || at < colon! {
            return (String(chars[..<at]), "", String(chars[(at + 1)...]))
        }
        if let at, let colon {
            return (String(chars[..<colon]), String(chars[(colon + 1)..<at]), String(chars[(at + 1)...]))
        }
        let c = colon!
        return (String(chars[..<c]), String(chars[(c + 1)...]), "")
    }
}
