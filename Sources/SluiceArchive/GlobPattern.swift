/// One path element pattern with Go's `filepath.Match` semantics, which go-git's gitignore uses per path element.
///
/// `*` matches any run of bytes other than `/`, `?` one character, `[...]` a class (`^` negates, ranges with `-`,
/// `\` escapes), and `\` escapes the next byte. A pattern Go would reject (`ErrBadPattern`: an unterminated class, a
/// class that starts with `]` or `-`, a trailing `\`) never matches, as in go-git, which treats the error as a miss.
struct GlobPattern: Sendable, Hashable {
    /// How the pattern is matched; literal and `*suffix` patterns skip the general matcher.
    enum Form: Sendable, Hashable {
        case literal
        case suffix
        case general
        case invalid
    }

    /// The pattern's bytes (for `.suffix`, the literal after the leading stars).
    let bytes: [UInt8]
    let form: Form

    init(_ text: ArraySlice<UInt8>) {
        let all = Array(text)
        guard Self.isValid(all) else {
            bytes = all
            form = .invalid
            return
        }
        let metacharacters: Set<UInt8> = [UInt8(ascii: "*"), UInt8(ascii: "?"), UInt8(ascii: "["), UInt8(ascii: "\\")]
        if !all.contains(where: metacharacters.contains) {
            bytes = all
            form = .literal
            return
        }
        let stars = all.prefix { $0 == UInt8(ascii: "*") }.count
        let rest = all[stars...]
        if stars > 0, !rest.isEmpty, !rest.contains(where: metacharacters.contains) {
            bytes = Array(rest)
            form = .suffix
            return
        }
        bytes = all
        form = .general
    }

    /// Whether `name` (one path element) matches.
    func matches(_ name: String) -> Bool {
        var name = name
        return name.withUTF8 { matches($0) }
    }

    /// Whether the UTF-8 bytes of one path element match.
    func matches(_ name: UnsafeBufferPointer<UInt8>) -> Bool {
        switch form {
        case .invalid:
            return false
        case .literal:
            return name.count == bytes.count && name.elementsEqual(bytes)
        case .suffix:
            guard name.count >= bytes.count, !name.contains(UInt8(ascii: "/")) else { return false }
            return name[(name.count - bytes.count)...].elementsEqual(bytes)
        case .general:
            return bytes.withUnsafeBufferPointer { Self.match(pattern: $0[...], name: name[...]) }
        }
    }

    // MARK: - Go's algorithm

    private static let star = UInt8(ascii: "*")
    private static let slash = UInt8(ascii: "/")
    private static let backslash = UInt8(ascii: "\\")

    /// `filepath.Match` for a pattern already known to be valid.
    private static func match(pattern: Slice<UnsafeBufferPointer<UInt8>>, name: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        var pattern = pattern
        var name = name
        nextChunk: while !pattern.isEmpty {
            let (hasStar, chunk, rest) = scanChunk(pattern)
            pattern = rest
            if hasStar && chunk.isEmpty {
                // A trailing star matches the rest of the name unless it has a slash.
                return !name.contains(slash)
            }
            if let remainder = matchChunk(chunk, name), remainder.isEmpty || !pattern.isEmpty {
                name = remainder
                continue
            }
            if hasStar {
                // Try the chunk at each later position, never skipping a slash.
                var index = name.startIndex
                while index < name.endIndex && name[index] != slash {
                    index += 1
                    if let remainder = matchChunk(chunk, name[index...]) {
                        if pattern.isEmpty && !remainder.isEmpty { continue }
                        name = remainder
                        continue nextChunk
                    }
                }
            }
            return false
        }
        return name.isEmpty
    }

    /// Splits off leading stars and the chunk up to the next star outside a class.
    private static func scanChunk(_ pattern: Slice<UnsafeBufferPointer<UInt8>>)
        -> (star: Bool, chunk: Slice<UnsafeBufferPointer<UInt8>>, rest: Slice<UnsafeBufferPointer<UInt8>>)
    {
        var pattern = pattern
        var hasStar = false
        while let first = pattern.first, first == star {
            pattern = pattern.dropFirst()
            hasStar = true
        }
        var inRange = false
        var index = pattern.startIndex
        scan: while index < pattern.endIndex {
            switch pattern[index] {
            case backslash:
                if index + 1 < pattern.endIndex { index += 1 }
            case UInt8(ascii: "["):
                inRange = true
            case UInt8(ascii: "]"):
                inRange = false
            case star:
                if !inRange { break scan }
            default:
                break
            }
            index += 1
        }
        return (hasStar, pattern[..<index], pattern[index...])
    }

    /// Matches `chunk` (no stars) against the start of `name`; the rest of `name`, or nil on a miss.
    private static func matchChunk(
        _ chunk: Slice<UnsafeBufferPointer<UInt8>>, _ name: Slice<UnsafeBufferPointer<UInt8>>
    ) -> Slice<UnsafeBufferPointer<UInt8>>? {
        var chunk = chunk
        var name = name
        while let first = chunk.first {
            switch first {
            case UInt8(ascii: "["):
                guard let (character, length) = decodeCharacter(name) else { return nil }
                name = name.dropFirst(length)
                chunk = chunk.dropFirst()
                var negated = false
                if chunk.first == UInt8(ascii: "^") {
                    negated = true
                    chunk = chunk.dropFirst()
                }
                var matched = false
                var ranges = 0
                while true {
                    if chunk.first == UInt8(ascii: "]") && ranges > 0 {
                        chunk = chunk.dropFirst()
                        break
                    }
                    guard let (low, afterLow) = classCharacter(chunk) else { return nil }
                    var high = low
                    chunk = afterLow
                    if chunk.first == UInt8(ascii: "-") {
                        guard let (value, afterHigh) = classCharacter(chunk.dropFirst()) else { return nil }
                        high = value
                        chunk = afterHigh
                    }
                    if low <= character && character <= high { matched = true }
                    ranges += 1
                }
                if matched == negated { return nil }
            case UInt8(ascii: "?"):
                guard let (character, length) = decodeCharacter(name), character != UInt32(slash) else { return nil }
                name = name.dropFirst(length)
                chunk = chunk.dropFirst()
            default:
                var literal = first
                if first == backslash {
                    chunk = chunk.dropFirst()
                    guard let escaped = chunk.first else { return nil }
                    literal = escaped
                }
                guard let byte = name.first, byte == literal else { return nil }
                name = name.dropFirst()
                chunk = chunk.dropFirst()
            }
        }
        return name
    }

    /// One (possibly escaped) character of a class and what follows it, as Go's `getEsc`; nil where Go errs.
    private static func classCharacter(_ chunk: Slice<UnsafeBufferPointer<UInt8>>)
        -> (UInt32, Slice<UnsafeBufferPointer<UInt8>>)?
    {
        var chunk = chunk
        guard let first = chunk.first, first != UInt8(ascii: "-"), first != UInt8(ascii: "]") else { return nil }
        if first == backslash {
            chunk = chunk.dropFirst()
            if chunk.isEmpty { return nil }
        }
        guard let (character, length) = decodeCharacter(chunk), character != 0xFFFD || length != 1 else { return nil }
        let rest = chunk.dropFirst(length)
        if rest.isEmpty { return nil }
        return (character, rest)
    }

    /// The first UTF-8 character of `bytes` and its length; an invalid byte decodes as U+FFFD of length 1, as in Go.
    private static func decodeCharacter(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> (UInt32, Int)? {
        guard let first = bytes.first else { return nil }
        if first < 0x80 { return (UInt32(first), 1) }
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        switch decoder.decode(&iterator) {
        case .scalarValue(let scalar):
            return (scalar.value, UTF8.width(scalar))
        case .emptyInput, .error:
            return (0xFFFD, 1)
        }
    }

    // MARK: - Validity

    /// Whether Go's `filepath.Match` accepts the pattern (it reports `ErrBadPattern` otherwise).
    static func isValid(_ pattern: [UInt8]) -> Bool {
        var index = 0
        while index < pattern.count {
            switch pattern[index] {
            case backslash:
                if index + 1 >= pattern.count { return false }
                index += 2
            case UInt8(ascii: "["):
                index += 1
                if index < pattern.count && pattern[index] == UInt8(ascii: "^") { index += 1 }
                var ranges = 0
                while true {
                    if index < pattern.count && pattern[index] == UInt8(ascii: "]") && ranges > 0 {
                        index += 1
                        break
                    }
                    guard let next = validClassCharacter(pattern, index) else { return false }
                    index = next
                    if pattern[index] == UInt8(ascii: "-") {
                        guard let afterHigh = validClassCharacter(pattern, index + 1) else { return false }
                        index = afterHigh
                    }
                    ranges += 1
                }
            default:
                index += 1
            }
        }
        return true
    }

    /// The index after one class character starting at `index`, which must leave something behind; nil if invalid.
    private static func validClassCharacter(_ pattern: [UInt8], _ start: Int) -> Int? {
        var index = start
        guard index < pattern.count, pattern[index] != UInt8(ascii: "-"), pattern[index] != UInt8(ascii: "]") else {
            return nil
        }
        if pattern[index] == backslash {
            index += 1
            if index >= pattern.count { return nil }
        }
        let decoded = pattern.withUnsafeBufferPointer { decodeCharacter($0[index...]) }
        guard let (character, length) = decoded, character != 0xFFFD || length != 1 else { return nil }
        index += length
        return index < pattern.count ? index : nil
    }
}
