import Foundation

/// A PEM block as Go's `encoding/pem` reads and writes it: a type and DER bytes (headers are read past, never written).
struct PEMBlock: Equatable {
    var type: String
    var bytes: [UInt8]

    /// Go's `pem.EncodeToMemory`: `-----BEGIN TYPE-----`, base64 in lines of 64, `-----END TYPE-----`, each line ending
    /// in a newline.
    var encoded: String {
        let base64 = Data(bytes).base64EncodedString()
        var out = "-----BEGIN \(type)-----\n"
        var line = base64[...]
        while !line.isEmpty {
            out += line.prefix(64) + "\n"
            line = line.dropFirst(64)
        }
        return out + "-----END \(type)-----\n"
    }

    /// Go's `pem.Decode`: the first well-formed block in `text`, or nil. Text before it is skipped; `Key: value`
    /// header lines after the BEGIN line are skipped; the body must be base64.
    init?(decoding text: String) {
        var rest = Substring(text)
        while let begin = rest.range(of: "-----BEGIN ") {
            // BEGIN must start a line.
            guard begin.lowerBound == rest.startIndex || rest[rest.index(before: begin.lowerBound)] == "\n" else {
                rest = rest[begin.upperBound...]
                continue
            }
            let afterBegin = rest[begin.upperBound...]
            guard let lineEnd = afterBegin.firstIndex(of: "\n") ?? (afterBegin.isEmpty ? nil : afterBegin.endIndex) else { return nil }
            var typeLine = afterBegin[..<lineEnd]
            if typeLine.hasSuffix("\r") { typeLine = typeLine.dropLast() }
            guard typeLine.hasSuffix("-----") else { rest = afterBegin; continue }
            let type = String(typeLine.dropLast(5))
            let body = afterBegin[lineEnd...]
            guard let end = body.range(of: "-----END \(type)-----") else { rest = afterBegin; continue }
            let lines = body[..<end.lowerBound].split(whereSeparator: { $0 == "\n" || $0 == "\r" })
            let base64 = lines.filter { !$0.contains(":") }.map { $0.trimmingCharacters(in: .whitespaces) }.joined()
            guard let data = Data(base64Encoded: base64) else { rest = afterBegin; continue }
            self.type = type
            self.bytes = Array(data)
            return
        }
        return nil
    }

    init(type: String, bytes: [UInt8]) {
        self.type = type
        self.bytes = bytes
    }
}
