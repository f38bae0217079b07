import Foundation
import SluiceCore

/// The values a user supplies, as `helm template`'s flags give them; merged in Helm's fixed order whatever the order on
/// the command line: `-f` files (left to right, maps merged deeply), then `--set-json`, `--set`, `--set-string`,
/// `--set-file`, `--set-literal`.
public struct ValueOptions: Sendable {
    /// `-f` files: a name for messages and the text.
    public var valuesFiles: [(name: String, text: String)] = []
    /// `--set-json` arguments.
    public var setJSON: [String] = []
    /// `--set` arguments.
    public var set: [String] = []
    /// `--set-string` arguments.
    public var setString: [String] = []
    /// `--set-file` arguments.
    public var setFile: [String] = []
    /// `--set-literal` arguments.
    public var setLiteral: [String] = []
    /// Reads the file a `--set-file` names (relative to the working directory).
    public var readFile: @Sendable (String) throws -> String = { path in throw HelmError(.values, "open \(path): no such file or directory") }

    /// No values.
    public init() {}

    /// The merged values.
    ///
    /// - Throws: ``HelmError`` as Helm words it (`failed parsing --set data: …`, `failed to parse FILE: …`).
    public func merged() throws(HelmError) -> JSONObject {
        var base = JSONObject()
        for file in valuesFiles {
            base = Self.mergeMaps(base, try ValuesReader.read(file.text, source: file.name))
        }
        for item in setJSON {
            let trimmed = item.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.hasPrefix("{") {
                guard case .object(let object)? = try? JSONParser().parse(trimmed) else {
                    throw HelmError(.values, "failed parsing --set-json data JSON: \(item)")
                }
                base = Self.mergeMaps(base, ValuesReader.normalised(object))
                continue
            }
            do throws(HelmError) { try StrvalsParser.parse(item, into: &base, mode: .json) } catch {
                throw HelmError(.values, "failed parsing --set-json data \(item)")
            }
        }
        for item in set {
            do throws(HelmError) { try StrvalsParser.parse(item, into: &base, mode: .typed) } catch {
                throw HelmError(.values, "failed parsing --set data: \(error.message)")
            }
        }
        for item in setString {
            do throws(HelmError) { try StrvalsParser.parse(item, into: &base, mode: .string) } catch {
                throw HelmError(.values, "failed parsing --set-string data: \(error.message)")
            }
        }
        for item in setFile {
            do throws(HelmError) { try StrvalsParser.parse(item, into: &base, mode: .file(readFile)) } catch {
                throw HelmError(.values, "failed parsing --set-file data: \(error.message)")
            }
        }
        for item in setLiteral {
            do throws(HelmError) { try StrvalsParser.parse(item, into: &base, mode: .literal) } catch {
                throw HelmError(.values, "failed parsing --set-literal data: \(error.message)")
            }
        }
        return base
    }

    /// Helm's `mergeMaps`: `b` over `a`, maps merged key by key, everything else replaced.
    package static func mergeMaps(_ a: JSONObject, _ b: JSONObject) -> JSONObject {
        var out = a
        for (key, value) in b.members {
            if case .object(let inner) = value, case .object(let existing)? = out[key] {
                out[key] = .object(mergeMaps(existing, inner))
            } else {
                out[key] = value
            }
        }
        return out
    }
}
