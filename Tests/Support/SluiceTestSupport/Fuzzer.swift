/// Seeded, reproducible inputs for fuzz tests of decoders: random bytes, and mutations of valid inputs.
///
/// The same seed gives the same inputs on every run and machine (SplitMix64, not the system generator), so a
/// failure is reproduced by running the test again. Counts are bounded by the caller: these tests are fast, not
/// a fuzzing campaign.
public struct Fuzzer: RandomNumberGenerator {
    private var generator: SplitMix

    /// Bytes decoders treat specially: ends of ranges, signs, quotes, brackets, escapes, line ends, NUL.
    public static let interestingBytes: [UInt8] = [
        0x00, 0x01, 0x07, 0x7f, 0x80, 0x81, 0xfe, 0xff, 0x09, 0x0a, 0x0d, 0x20,
    ] + Array("\"'\\{}[]:,-+.=!&|*#?%@`~/0123456789eEuUxn".utf8)

    /// A generator for `seed`.
    public init(seed: UInt64) { generator = SplitMix(state: seed) }

    /// The next 64 random bits (SplitMix64).
    public mutating func next() -> UInt64 { generator.next() }

    /// Up to `maxCount` random bytes, half the time drawn from `alphabet` (text-like) instead of all 256 values.
    public mutating func bytes(maxCount: Int, alphabet: [UInt8] = Fuzzer.interestingBytes) -> [UInt8] {
        let count = Int.random(in: 0...maxCount, using: &self)
        let textual = Bool.random(using: &self)
        return (0..<count).map { _ in textual ? alphabet.randomElement(using: &self)! : UInt8.random(in: 0...255, using: &self) }
    }

    /// `input` changed in one to four places: bytes flipped, replaced by interesting ones, inserted, deleted,
    /// a range duplicated, the end cut off, or a big-endian/varint-looking run of 0xff written over it.
    public mutating func mutate(_ input: [UInt8]) -> [UInt8] {
        var bytes = input
        for _ in 0..<Int.random(in: 1...4, using: &self) {
            let position = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &self)
            switch Int.random(in: 0..<8, using: &self) {
            case 0 where !bytes.isEmpty: bytes[position] ^= 1 << UInt8.random(in: 0...7, using: &self)
            case 1 where !bytes.isEmpty: bytes[position] = Self.interestingBytes.randomElement(using: &self)!
            case 2: bytes.insert(Self.interestingBytes.randomElement(using: &self)!, at: position)
            case 3 where !bytes.isEmpty: bytes.remove(at: position)
            case 4 where !bytes.isEmpty:
                let end = min(bytes.count, position + Int.random(in: 1...64, using: &self))
                bytes.insert(contentsOf: bytes[position..<end], at: position)
            case 5: bytes.removeLast(Int.random(in: 0...(bytes.count - position), using: &self))
            case 6 where !bytes.isEmpty:
                let end = min(bytes.count, position + Int.random(in: 1...10, using: &self))
                for index in position..<end { bytes[index] = 0xff }
            default:
                if !bytes.isEmpty { bytes[position] = UInt8.random(in: 0...255, using: &self) }
            }
        }
        return bytes
    }

    /// `count` inputs: random ones of up to `maxRandomCount` bytes, and mutations of `valid`, alternately.
    public mutating func inputs(count: Int, valid: [[UInt8]], maxRandomCount: Int = 256) -> [[UInt8]] {
        (0..<count).map { index in
            index % 2 == 0 || valid.isEmpty ? bytes(maxCount: maxRandomCount) : mutate(valid.randomElement(using: &self)!)
        }
    }
}
