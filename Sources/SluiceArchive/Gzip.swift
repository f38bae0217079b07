/// Whole-buffer gzip, deterministic on the way in and bounded on the way out.
public enum Gzip {
    /// `bytes` as one gzip member with a fixed header (mtime 0, OS 255), at zlib `level` (6 by default).
    public static func compress(_ bytes: [UInt8], level: Int32 = 6) -> [UInt8] {
        let compressor = GzipCompressor(level: level)
        compressor.write(bytes)
        return compressor.finish()
    }

    /// The decompressed bytes of every member of `bytes`; throws if they end early, are corrupt, or exceed `limit`.
    public static func decompress(_ bytes: [UInt8], limit: Int64 = .max) throws -> [UInt8] {
        let decompressor = try GzipDecompressor(bytes, limit: limit)
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 256 * 1024)
        while true {
            let count = try chunk.withUnsafeMutableBytes { try decompressor.read(into: $0) }
            if count == 0 { return output }
            output += chunk[0..<count]
        }
    }
}
