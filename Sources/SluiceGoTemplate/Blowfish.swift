/// The Blowfish block cipher with the "expensive key schedule" bcrypt builds on (EksBlowfishSetup): the key expansion
/// of Schneier's cipher, and its salted variant from Provos and Mazières' paper.
struct Blowfish {
    private var p: [UInt32]
    private var s: [UInt32]

    /// The cipher in its initial state (π's digits), not yet keyed.
    init() {
        p = BlowfishConstants.p
        s = BlowfishConstants.s0 + BlowfishConstants.s1 + BlowfishConstants.s2 + BlowfishConstants.s3
    }

    /// Encrypts one 64-bit block given as its two big-endian halves.
    func encrypt(_ left: UInt32, _ right: UInt32) -> (UInt32, UInt32) {
        p.withUnsafeBufferPointer { p in
            s.withUnsafeBufferPointer { s in Self.encrypt(left, right, p, s) }
        }
    }

    private static func encrypt(_ left: UInt32, _ right: UInt32, _ p: UnsafeBufferPointer<UInt32>, _ s: UnsafeBufferPointer<UInt32>) -> (UInt32, UInt32) {
        @inline(__always) func f(_ x: UInt32) -> UInt32 {
            ((s[Int(x >> 24)] &+ s[256 + Int((x >> 16) & 0xFF)]) ^ s[512 + Int((x >> 8) & 0xFF)]) &+ s[768 + Int(x & 0xFF)]
        }
        var l = left ^ p[0]
        var r = right
        var i = 1
        while i < 17 {
            r ^= f(l) ^ p[i]
            l ^= f(r) ^ p[i + 1]
            i += 2
        }
        return (r ^ p[17], l)
    }

    /// Blowfish's key schedule applied on top of the current state (`ExpandKey` in bcrypt's terms), mixing in `salt`'s
    /// words as it goes when there is a salt (`expandKeyWithSalt`).
    mutating func expand(key: [UInt8], salt: [UInt8]? = nil) {
        var keyIndex = 0
        for i in 0..<18 { p[i] ^= Self.nextWord(key, &keyIndex) }
        var saltIndex = 0
        var l: UInt32 = 0
        var r: UInt32 = 0
        p.withUnsafeMutableBufferPointer { p in
            s.withUnsafeMutableBufferPointer { s in
                func fill(_ table: UnsafeMutableBufferPointer<UInt32>, _ count: Int, offset: Int) {
                    var i = 0
                    while i < count {
                        if let salt {
                            l ^= Self.nextWord(salt, &saltIndex)
                            r ^= Self.nextWord(salt, &saltIndex)
                        }
                        (l, r) = Self.encrypt(l, r, UnsafeBufferPointer(p), UnsafeBufferPointer(s))
                        table[offset + i] = l
                        table[offset + i + 1] = r
                        i += 2
                    }
                }
                fill(p, 18, offset: 0)
                fill(s, 1024, offset: 0)
            }
        }
    }

    /// The next big-endian word of `data` read cyclically from `index` (Blowfish's key stream).
    private static func nextWord(_ data: [UInt8], _ index: inout Int) -> UInt32 {
        var word: UInt32 = 0
        for _ in 0..<4 {
            word = word << 8 | UInt32(data[index])
            index += 1
            if index >= data.count { index = 0 }
        }
        return word
    }
}
