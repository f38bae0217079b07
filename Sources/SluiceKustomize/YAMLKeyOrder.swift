/// go-yaml v2's ordering of mapping keys: letters by code point, runs of digits by numeric value, other characters before letters.
enum YAMLKeyOrder {
    /// The keys in go-yaml's order.
    static func sorted(_ keys: [String]) -> [String] {
        if keys.count < 2 { return keys }
        return keys.map { (key: $0, scalars: Array($0.unicodeScalars)) }
            .sorted { less($0.scalars, $1.scalars) }
            .map(\.key)
    }

    static func less(_ a: String, _ b: String) -> Bool { less(Array(a.unicodeScalars), Array(b.unicodeScalars)) }

    static func less(_ ar: [Unicode.Scalar], _ br: [Unicode.Scalar]) -> Bool {
        if ar.count < 128 && br.count < 128, ar.allSatisfy(\.isASCII), br.allSatisfy(\.isASCII) {
            // Fast path: plain ASCII letters and punctuation with no digits compare by code point.
            if !ar.contains(where: isDigit) && !br.contains(where: isDigit) {
                var i = 0
                while i < ar.count && i < br.count {
                    if ar[i] != br[i] {
                        let al = isLetter(ar[i]), bl = isLetter(br[i])
                        if al && bl { return ar[i].value < br[i].value }
                        if al || bl { return bl }
                        return ar[i].value < br[i].value
                    }
                    i += 1
                }
                return ar.count < br.count
            }
        }
        var i = 0
        while i < ar.count && i < br.count {
            if ar[i] == br[i] { i += 1; continue }
            let al = ar[i].properties.isAlphabetic, bl = br[i].properties.isAlphabetic
            if al && bl { return ar[i].value < br[i].value }
            if al || bl { return bl }
            var an: Int64 = 0, bn: Int64 = 0
            if ar[i] == "0" || br[i] == "0" {
                var j = i - 1
                while j >= 0 && isDigit(ar[j]) {
                    if ar[j] != "0" { an = 1; bn = 1; break }
                    j -= 1
                }
            }
            var ai = i
            while ai < ar.count && isDigit(ar[ai]) { an = an &* 10 &+ Int64(ar[ai].value - 48); ai += 1 }
            var bi = i
            while bi < br.count && isDigit(br[bi]) { bn = bn &* 10 &+ Int64(br[bi].value - 48); bi += 1 }
            if an != bn { return an < bn }
            if ai != bi { return ai < bi }
            return ar[i].value < br[i].value
        }
        return ar.count < br.count
    }

    private static func isDigit(_ c: Unicode.Scalar) -> Bool { c.value >= 48 && c.value <= 57 }
    private static func isLetter(_ c: Unicode.Scalar) -> Bool { (c.value >= 65 && c.value <= 90) || (c.value >= 97 && c.value <= 122) }
}
