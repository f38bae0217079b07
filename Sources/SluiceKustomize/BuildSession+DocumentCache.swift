import SluiceCore

extension BuildSession {
    /// A file's text and parsed documents, kept for the rest of the build.
    struct ParsedFile {
        /// The file's size, drawn again from the read budget each time the file is used.
        var byteCount: Int
        var text: String
        var documents: [JSONValue]
    }

    /// The YAML documents of a file, parsed once per build.
    mutating func documents(_ path: String) throws(KustomizeError) -> [JSONValue] {
        try parsedFile(path).documents
    }

    /// A file's text and YAML documents, read and parsed once per build.
    ///
    /// A base included by many overlays is read by each of them; the file system is fixed for the build,
    /// so the second use takes the parsed documents (values are copied on write, so transformers never
    /// change the kept ones). Every use still counts the file's bytes against ``KustomizeBuilder/Limits/maxTotalBytes``
    /// exactly as a read does, so the budget and its error are the same as without the cache.
    mutating func parsedFile(_ path: String) throws(KustomizeError) -> ParsedFile {
        if let parsed = parsedFiles[path] {
            let remaining = max(0, limits.maxTotalBytes - bytesRead)
            guard parsed.byteCount <= min(limits.maxFileSize, remaining) else {
                throw KustomizeError("the build has read more than the limit of \(limits.maxTotalBytes) bytes in total", file: path)
            }
            bytesRead += parsed.byteCount
            return parsed
        }
        let before = bytesRead
        let text = try read(path)
        let parsed = ParsedFile(byteCount: bytesRead - before, text: text, documents: try parseDocuments(text, source: path))
        parsedFiles[path] = parsed
        return parsed
    }
}
