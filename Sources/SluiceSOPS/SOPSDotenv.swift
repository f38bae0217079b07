import Foundation
import SluiceCore

/// SOPS's dotenv store: `KEY=value` lines (`\n` escaped), `#` comment lines, metadata as flattened `sops_…` keys.
enum SOPSDotenv {
    static func load(_ bytes: [UInt8]) throws(SOPSStore.Failure) -> SOPSStore.Loaded {
        var items: [SOPSItem] = []
        var metadataEntries: [(key: String, value: JSONValue)] = []
        for (index, line) in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() where !line.isEmpty {
            if line.first == UInt8(ascii: "#") {
                items.append(SOPSItem(key: .comment(String(decoding: line.dropFirst(), as: UTF8.self)), value: .null))
                continue
            }
            guard let equals = line.firstIndex(of: UInt8(ascii: "=")) else {
                throw SOPSStore.Failure("invalid dotenv line \(index + 1): no '='")
            }
            let key = String(decoding: line[line.startIndex..<equals], as: UTF8.self)
            let value = String(decoding: line[(equals + 1)...], as: UTF8.self).replacingOccurrences(of: "\\n", with: "\n")
            if key.hasPrefix("sops_") {
                metadataEntries.append((String(key.dropFirst(5)), .string(value)))
            } else {
                items.append(SOPSItem(key: .name(key), value: .leaf(.string(value))))
            }
        }
        let metadata: JSONObject?
        do {
            metadata = metadataEntries.isEmpty ? nil : try SOPSFlatMetadata.unflatten(metadataEntries)
        } catch {
            throw SOPSStore.Failure(error.reason)
        }
        return SOPSStore.Loaded(branches: [.branch(items)], metadata: metadata, commentsKnown: true)
    }

    static func emit(_ loaded: SOPSStore.Loaded) throws(SOPSStore.Failure) -> [UInt8] {
        guard case .branch(let items)? = loaded.branches.first else { throw SOPSStore.Failure("dotenv document is not flat") }
        var text = ""
        for item in items {
            switch item.key {
            case .comment(let comment):
                text += "#\(comment)\n"
            case .name(let key):
                if key.hasPrefix("sops_") {
                    throw SOPSStore.Failure("key \(key) starts with sops_, which SOPS reserves for its metadata")
                }
                switch item.value {
                case .leaf(let value):
                    let string = SOPSStore.flatString(value.jsonValue ?? .null)
                    text += "\(key)=\(string.replacingOccurrences(of: "\n", with: "\\n"))\n"
                case .null:
                    text += "\(key)=\n"
                default:
                    throw SOPSStore.Failure("cannot use a complex value in a dotenv file (key \(key))")
                }
            }
        }
        if let metadata = loaded.metadata {
            for (key, value) in SOPSFlatMetadata.flatten(.object(metadata), prefix: "sops_") {
                text += "\(key)=\(SOPSStore.flatString(value).replacingOccurrences(of: "\n", with: "\\n"))\n"
            }
        }
        return Array(text.utf8)
    }
}
