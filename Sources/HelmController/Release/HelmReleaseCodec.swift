import Foundation
import SluiceArchive
import SluiceCore

/// Helm's encoding of a release record in its storage objects (`pkg/storage/driver/util.go`): the record as Go's
/// `json.Marshal` writes it, gzipped at `BestCompression`, in standard base64.
///
/// ``decode(_:)`` accepts what any Helm 3 or 4 wrote, including records from before compression (plain JSON: gzip is
/// detected by its magic bytes, as Helm does), and is bounded: a record may not decompress beyond
/// ``maxDecompressedBytes``, JSON may nest at most ``maxJSONDepth`` levels, and hostile input ends in a
/// ``HelmReleaseCodecError``, never a trap.
public enum HelmReleaseCodec {
    /// The most bytes a record may decompress to (a Secret holds at most 1 MiB, and Helm's records compress about
    /// tenfold, so real records stay far below).
    public static let maxDecompressedBytes = 32 << 20
    /// The deepest JSON nesting a record may have (values and charts nest far less).
    public static let maxJSONDepth = 512

    /// gzip's magic bytes and the deflate method, as Helm checks them.
    private static let gzipMagic: [UInt8] = [0x1F, 0x8B, 0x08]

    /// The JSON bytes Go's `json.Marshal` writes for `record`.
    public static func encodeJSON(_ record: HelmReleaseRecord) throws(HelmReleaseCodecError) -> [UInt8] {
        try GoJSONText.bytes(record.helmJSON())
    }

    /// `record` as Helm stores it: base64 of the gzip of its JSON.
    public static func encode(_ record: HelmReleaseRecord) throws(HelmReleaseCodecError) -> String {
        var compressed = Gzip.compress(try encodeJSON(record), level: 9)
        // Go's gzip writer marks BestCompression in the header's extra flags (XFL 2, as RFC 1952 asks for level 9);
        // the header is outside the CRC, which covers the uncompressed data only.
        compressed[8] = 2
        return compressed.base64EncodedString()
    }

    /// The record Helm's `decodeRelease` reads from `text` (base64 of gzip or of plain JSON).
    public static func decode(_ text: String) throws(HelmReleaseCodecError) -> HelmReleaseRecord {
        guard let data = GoBase64.decode(text) else {
            throw HelmReleaseCodecError(.base64, "illegal base64 data")
        }
        var bytes = [UInt8](data)
        if bytes.count > 3, Array(bytes[0..<3]) == gzipMagic {
            do {
                bytes = try Gzip.decompress(bytes, limit: Int64(maxDecompressedBytes))
            } catch let error as ArchiveError where error.kind == .tooLarge {
                throw HelmReleaseCodecError(.tooLarge, "the release record decompresses to more than \(maxDecompressedBytes) bytes")
            } catch {
                throw HelmReleaseCodecError(.gzip, "\(error)")
            }
        }
        return try decodeJSON(bytes)
    }

    /// The record in Helm's JSON `bytes`.
    public static func decodeJSON(_ bytes: [UInt8]) throws(HelmReleaseCodecError) -> HelmReleaseRecord {
        let value: JSONValue
        do { value = try JSONParser(maxDepth: maxJSONDepth).parse(bytes) } catch {
            throw HelmReleaseCodecError(.json, error.description)
        }
        return try HelmReleaseRecord(helmJSON: value)
    }
}

extension [UInt8] {
    /// Standard base64 with padding (Go's `base64.StdEncoding.EncodeToString`).
    fileprivate func base64EncodedString() -> String { Data(self).base64EncodedString() }
}
