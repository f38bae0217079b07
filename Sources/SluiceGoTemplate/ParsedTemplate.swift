/// One named template: its body and the text it was parsed from (for error locations).
struct ParsedTemplate: Sendable {
    /// The template's name (`define`d name, or the file's name).
    var name: String
    /// The name of the text it was parsed from (Go's `ParseName`), used in error locations.
    var parseName: String
    /// The whole text it was parsed from, as UTF-8.
    var text: [UInt8]
    var root: [Node]

    /// Go's `ErrorContext` location `parseName:line:column` of a byte offset (column 0-based, as Go's is).
    func location(of pos: Int) -> String {
        let prefix = text[..<min(pos, text.count)]
        let line = 1 + prefix.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
        let column: Int
        if let lastNewline = prefix.lastIndex(of: UInt8(ascii: "\n")) {
            column = pos - (lastNewline + 1)
        } else {
            column = pos
        }
        return "\(parseName):\(line):\(column)"
    }
}
