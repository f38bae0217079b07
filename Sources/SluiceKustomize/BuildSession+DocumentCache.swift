import SluiceCore

extension BuildSession {
    /// A file's parsed documents, kept for the rest of the build.
    struct ParsedFile {
        /// The file's size, drawn again from the read budget each time the file is used.
        var byteCount: Int
        var documents: [JSONValue]
    }

    /// The YAML documents of a file, parsed once per build.
    ///
    /// A base included by many overlays is read by each of them; the file system is fixed for the build,
    /// so the second use takes the parsed documents (values are copied on write, so transformers never
    /// change the kept ones). Every use still counts the file's bytes against ``KustomizeBuilder/Limits/maxTotalBytes``
    /// exactly as a read does, so the budget and its error are the same as without the cache.
    mutating func documents(_ path: String) throws(KustomizeError) -> [JSONValue] {
        if let parsed = parsedFiles[path] {
            let remaining = max(0, limits.maxTotalBytes - bytesRead)
            guard parsed.byteCount <= min(limits.maxFileSize, remaining) else {
                throw KustomizeError("the build has read more than the limit of \(limits.maxTotalBytes) bytes in total", file: path)
            }
            bytesRead += parsed.byteCount
            return parsed.documents
        }
        let before = bytesRead
        let text = try read(path)
        let documents = try parseDocuments(text, source: path)
        parsedFiles[path] = ParsedFile(byteCount: bytesRead - before, documents: documents)
        return documents
    }
}
