import Foundation

/// Go's `base64.StdEncoding.DecodeString`: padded standard base64, carriage returns and line feeds ignored.
enum GoBase64 {
    /// The decoded bytes, or nil where Go reports `illegal base64 data`.
    static func decode(_ text: String) -> Data? {
        var bytes = Array(text.utf8)
        bytes.removeAll { $0 == 0x0A || $0 == 0x0D }
        guard bytes.count % 4 == 0 else { return nil }
        return Data(base64Encoded: Data(bytes))
    }
}
