import Foundation
import SluiceArchive
import Testing

@Suite("Gzip")
struct GzipTests {
    @Test("compress writes a fixed header and round-trips; the same input gives the same bytes")
    func roundTrip() throws {
        let input = noise(300_000) + [UInt8](repeating: 7, count: 500_000)
        let compressed = Gzip.compress(input)
        #expect(Array(compressed.prefix(10)) == [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 0xFF])
        #expect(try Gzip.decompress(compressed) == input)
        #expect(Gzip.compress(input) == compressed)
        #expect(try Gzip.decompress(Gzip.compress([])) == [])
    }

    @Test("the real gzip reads what Gzip.compress writes, and Gzip.decompress reads what gzip writes")
    func interoperatesWithGzip() async throws {
        let directory = try TemporaryDirectory()
        let input = Array("hello, sluice\n".utf8) + noise(100_000)
        try directory.write("ours.gz", bytes: Gzip.compress(input))
        try await Tools.check("/usr/bin/env", ["gzip", "-t", directory.path("ours.gz")])
        try await Tools.check("/usr/bin/env", ["gzip", "-d", directory.path("ours.gz")])
        #expect(try bytes(of: directory.appending("ours")) == input)

        // gzip's own header carries a name and an mtime.
        try directory.write("theirs", bytes: input)
        try await Tools.check("/usr/bin/env", ["gzip", "-9", "-N", directory.path("theirs")])
        #expect(try Gzip.decompress(bytes(of: directory.appending("theirs.gz"))) == input)
    }

    @Test("concatenated members decompress to the concatenation")
    func concatenatedMembers() throws {
        let first = Array("first member\n".utf8)
        let second = noise(70_000, seed: 9)
        #expect(try Gzip.decompress(Gzip.compress(first) + Gzip.compress(second)) == first + second)
    }

    @Test("a truncated stream is an error that says so, wherever it is cut")
    func truncated() throws {
        let compressed = Gzip.compress(noise(50_000))
        for cut in [1, 5, 10, 11, compressed.count / 2, compressed.count - 8, compressed.count - 1] {
            let error = #expect(throws: ArchiveError.self) { try Gzip.decompress(Array(compressed.prefix(cut))) }
            #expect(error?.kind == .corrupt)
            #expect(error?.message.contains("truncated") == true || error?.message.contains("invalid gzip") == true,
                "cut at \(cut): \(String(describing: error))")
        }
        let cutInData = #expect(throws: ArchiveError.self) { try Gzip.decompress(Array(compressed.prefix(compressed.count / 2))) }
        #expect(cutInData?.message.hasPrefix("truncated gzip stream") == true)
    }

    @Test("corrupt data, a bad CRC, trailing garbage and non-gzip input are errors")
    func corrupt() throws {
        let input = noise(10_000)
        var badCRC = Gzip.compress(input)
        badCRC[badCRC.count - 6] ^= 0xFF
        let crcError = #expect(throws: ArchiveError.self) { try Gzip.decompress(badCRC) }
        #expect(crcError?.message.contains("incorrect data check") == true)

        let trailing = #expect(throws: ArchiveError.self) { try Gzip.decompress(Gzip.compress(input) + Array("junk".utf8)) }
        #expect(trailing?.message.contains("after member 1") == true)

        let notGzip = #expect(throws: ArchiveError.self) { try Gzip.decompress(Array("just text, no gzip".utf8)) }
        #expect(notGzip?.message.contains("invalid gzip stream") == true)
        #expect(throws: ArchiveError.self) { try Gzip.decompress([]) }
    }

    @Test("decompress refuses output beyond its limit")
    func limit() throws {
        let bomb = Gzip.compress([UInt8](repeating: 0, count: 4 << 20))
        #expect(bomb.count < 10_000)
        let error = #expect(throws: ArchiveError.self) { try Gzip.decompress(bomb, limit: 1 << 20) }
        #expect(error?.kind == .tooLarge)
        #expect(error?.message == "decompressed data exceeds the limit of 1048576 bytes")
        #expect(try Gzip.decompress(bomb, limit: 4 << 20).count == 4 << 20)
    }
}
