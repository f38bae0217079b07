import SluiceCore

/// How a format's documents become SOPS branches and metadata, and back: SOPS's stores.
enum SOPSStore {
    /// A loaded document: its branches (the `sops` metadata taken out) and the metadata, if any.
    struct Loaded {
        var branches: [SOPSNode]
        var metadata: JSONObject?
        /// Whether the format kept comments (dotenv and INI do; YAML read into trees does not).
        var commentsKnown: Bool
    }

    /// The largest document read (a secret file, not a data set).
    static let maxDocumentSize = 64 << 20

    /// Why a document could not be read or written; never carries a value.
    struct Failure: Error {
        var reason: String
        init(_ reason: String) { self.reason = reason }
    }

    static func load(_ bytes: [UInt8], format: SOPSFormat) throws(Failure) -> Loaded {
        guard bytes.count <= maxDocumentSize else { throw Failure("document larger than \(maxDocumentSize) bytes") }
        switch format {
        case .yaml: return try loadYAML(bytes)
        case .json, .binary: return try loadJSON(bytes)
        case .dotenv: return try SOPSDotenv.load(bytes)
        case .ini: return try SOPSINI.load(bytes)
        }
    }

    static func emit(_ loaded: Loaded, format: SOPSFormat) throws(Failure) -> [UInt8] {
        switch format {
        case .yaml:
            let documents = loaded.branches.map { branch -> JSONValue in
                guard case .object(var object) = branch.jsonValue else { return branch.jsonValue }
                if let metadata = loaded.metadata { object["sops"] = .object(metadata) }
                return .object(object)
            }
            do {
                return Array(try YAMLWriter().string(documents: documents).utf8)
            } catch {
                throw Failure("could not write YAML")
            }
        case .json, .binary:
            guard case .object(var object)? = loaded.branches.first?.jsonValue else { throw Failure("JSON document is not an object") }
            if let metadata = loaded.metadata { object["sops"] = .object(metadata) }
            return JSONSerializer(pretty: true).bytes(.object(object)) + [UInt8(ascii: "\n")]
        case .dotenv: return try SOPSDotenv.emit(loaded)
        case .ini: return try SOPSINI.emit(loaded)
        }
    }

    /// Splits the `sops` key off each document (the first document's is the metadata, as SOPS reads it).
    private static func split(_ documents: [JSONValue], commentsKnown: Bool) throws(Failure) -> Loaded {
        var branches: [SOPSNode] = []
        var metadata: JSONObject?
        for (index, document) in documents.enumerated() {
            guard case .object(var object) = document else { throw Failure("document \(index + 1) is not a mapping") }
            if let sops = object["sops"] {
                if index == 0 {
                    guard case .object(let sopsObject) = sops else { throw Failure("the sops metadata is not a mapping") }
                    metadata = sopsObject
                }
                object["sops"] = nil
            }
            branches.append(SOPSNode(.object(object)))
        }
        return Loaded(branches: branches, metadata: metadata, commentsKnown: commentsKnown)
    }

    private static func loadYAML(_ bytes: [UInt8]) throws(Failure) -> Loaded {
        guard let text = String(validating: bytes, as: UTF8.self) else { throw Failure("YAML document is not UTF-8") }
        let documents: [YAMLReader.Document]
        do {
            documents = try YAMLReader().documents(text)
        } catch {
            // The reader's message names a line and the syntax problem, not the values.
            throw Failure("invalid YAML: \(error)")
        }
        let values = documents.map(\.value).filter { !$0.isNull }
        guard !values.isEmpty else { throw Failure("YAML document is empty") }
        return try split(values, commentsKnown: false)
    }

    private static func loadJSON(_ bytes: [UInt8]) throws(Failure) -> Loaded {
        let value: JSONValue
        do {
            value = try JSONParser().parse(bytes)
        } catch {
            throw Failure("\(error)")
        }
        return try split([value], commentsKnown: true)
    }

    /// SOPS's `ValToString` for flat formats.
    static func flatString(_ value: JSONValue) -> String {
        switch value {
        case .string(let s): return s
        case .int(let i): return String(i)
        case .double(let d): return GoFloatFormat.shortestFixed(d)
        case .bool(let b): return b ? "true" : "false"
        case .null: return ""
        default: return JSONSerializer().string(value)
        }
    }
}
