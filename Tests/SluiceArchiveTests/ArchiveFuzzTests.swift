import Foundation
import Logging
import SluiceArchive
import SluiceTestSupport
import Testing

/// Seeded fuzzing of the tar reader, the gzip decompressor and the extractor, which read artifacts and chart
/// archives from outside. A trap ends the test process, so each test passes when every input is either read or
/// refused with an error (and the extractor never writes outside its directory).
@Suite("Archive decoders under fuzzing")
struct ArchiveFuzzTests {
    static var validTars: [[UInt8]] {
        var plain = TarWriter()
        plain.append(TarEntry(name: "dir/", kind: .directory, mode: 0o755))
        plain.appendFile("dir/a.yaml", contents: Array("a: 1\n".utf8))
        plain.appendFile("dir/run.sh", contents: Array(repeating: 7, count: 700), mode: 0o755)
        plain.append(TarEntry(name: "dir/link", kind: .symbolicLink, mode: 0o777, linkName: "a.yaml"))
        plain.append(TarEntry(name: "dir/hard", kind: .hardLink, linkName: "dir/a.yaml"))
        plain.finish()
        var long = TarWriter()
        // Names and link names beyond ustar's fields: PAX records or GNU long names.
        long.appendFile(String(repeating: "n", count: 120) + "/" + String(repeating: "m", count: 120) + "/f", contents: [1, 2, 3])
        long.append(TarEntry(name: "far", kind: .symbolicLink, mode: 0o777, linkName: String(repeating: "l/", count: 80) + "x"))
        long.finish()
        return [plain.bytes, long.bytes]
    }

    /// A PAX header whose record length is Int.max: `index + length` used to overflow and trap.
    @Test("a PAX record length of Int.max is refused")
    func paxRecordLengthOverflow() throws {
        let record = Array("\(Int.max) path=x\n".utf8)
        var writer = TarWriter()
        writer.append(TarEntry(name: "PaxHeader", kind: .other(UInt8(ascii: "x")), size: Int64(record.count)), contents: record)
        writer.appendFile("x", contents: [])
        writer.finish()
        let bytes = writer.bytes
        var reader = TarReader(ByteArraySource(bytes))
        #expect(throws: ArchiveError.self) { while try reader.next() != nil {} }
    }

    @Test("the tar reader never traps")
    func tarReader() {
        var fuzzer = Fuzzer(seed: 0x5eed_2008)
        for input in fuzzer.inputs(count: 3000, valid: Self.validTars, maxRandomCount: 2048) {
            var reader = TarReader(ByteArraySource(input), maxMetadataSize: 64 * 1024)
            while let entry = try? reader.next() {
                // Contents are read in bounded pieces, never allocated from the header's size.
                var buffer = [UInt8](repeating: 0, count: 4096)
                while ((try? buffer.withUnsafeMutableBytes { try reader.readContents(into: $0) }) ?? 0) > 0 {}
                _ = entry
            }
        }
    }

    @Test("the gzip decompressor never traps")
    func gzip() {
        var fuzzer = Fuzzer(seed: 0x5eed_2108)
        let valid = Self.validTars.map { Gzip.compress($0) } + [Gzip.compress(Array("hello".utf8)) + Gzip.compress([])]
        for input in fuzzer.inputs(count: 3000, valid: valid, maxRandomCount: 512) {
            _ = try? Gzip.decompress(input, limit: 1 << 20)
        }
    }

    @Test("the extractor never traps and never writes outside its directory")
    func extractor() throws {
        var fuzzer = Fuzzer(seed: 0x5eed_2208)
        let valid = Self.validTars.map { Gzip.compress($0) }
        let scratch = FileManager.default.temporaryDirectory.appending(component: "sluice-archive-fuzz-\(UUID().uuidString)")
        let target = scratch.appending(component: "target")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let extractor = ArchiveExtractor(maxSize: 1 << 20, logger: Logger(label: "sluice-archive-fuzz") { _ in SwiftLogNoOpLogHandler() })
        // Mutated tar bytes inside valid gzip reach the tar reader and the writer; mutated gzip reaches zlib.
        let tars = Self.validTars
        for index in 0..<1500 {
            let input = index % 2 == 0 ? Gzip.compress(fuzzer.mutate(tars[index / 2 % tars.count])) : fuzzer.mutate(valid[index / 2 % valid.count])
            _ = try? extractor.extract(input, into: target)
            try? FileManager.default.removeItem(at: target)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path).isEmpty)
    }
}
