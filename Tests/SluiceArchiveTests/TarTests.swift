import Foundation
import SluiceArchive
import Testing

/// Every member of an uncompressed tar, with contents.
func members(of tar: [UInt8]) throws -> [(entry: TarEntry, contents: [UInt8])] {
    var reader = TarReader(ByteArraySource(tar))
    var result: [(TarEntry, [UInt8])] = []
    while let entry = try reader.next() { result.append((entry, try reader.readContents())) }
    return result
}

@Suite("Tar writer and reader")
struct TarTests {
    static let longName = String(repeating: "d", count: 60) + "/" + String(repeating: "e", count: 60) + "/file.yaml"
    static let veryLongName = (1...12).map { "directory-\($0)-" + String(repeating: "x", count: 20) }.joined(separator: "/") + "/leaf.yaml"

    @Test("members round-trip through the writer and the reader")
    func roundTrip() throws {
        var writer = TarWriter()
        writer.append(TarEntry(name: "dir/", kind: .directory, mode: 0o755))
        writer.appendFile("dir/a.yaml", contents: Array("a: 1\n".utf8))
        writer.appendFile("dir/run.sh", contents: noise(1000), mode: 0o755)
        writer.append(TarEntry(name: "dir/link", kind: .symbolicLink, mode: 0o777, linkName: "a.yaml"))
        writer.append(TarEntry(name: "dir/hard", kind: .hardLink, linkName: "dir/a.yaml"))
        writer.append(TarEntry(name: "fifo", kind: .fifo))
        writer.appendFile(Self.longName, contents: Array("long\n".utf8))
        writer.appendFile(Self.veryLongName, contents: Array("very long\n".utf8))
        writer.appendFile("naïve/ünïcödé.yaml", contents: [1, 2, 3])
        writer.append(TarEntry(name: "far", kind: .symbolicLink, mode: 0o777, linkName: Self.veryLongName))
        writer.finish()
        #expect(writer.bytes.count % 512 == 0)

        let read = try members(of: writer.bytes)
        #expect(read.map(\.entry.name) == [
            "dir/", "dir/a.yaml", "dir/run.sh", "dir/link", "dir/hard", "fifo", Self.longName, Self.veryLongName,
            "naïve/ünïcödé.yaml", "far",
        ])
        #expect(read.map(\.entry.kind) == [
            .directory, .regularFile, .regularFile, .symbolicLink, .hardLink, .fifo, .regularFile, .regularFile,
            .regularFile, .symbolicLink,
        ])
        #expect(read[1].contents == Array("a: 1\n".utf8))
        #expect(read[2].contents == noise(1000))
        #expect(read[2].entry.mode == 0o755)
        #expect(read[3].entry.linkName == "a.yaml")
        #expect(read[4].entry.linkName == "dir/a.yaml")
        #expect(read[7].contents == Array("very long\n".utf8))
        #expect(read[9].entry.linkName == Self.veryLongName)
        #expect(read.allSatisfy { $0.entry.userID == 0 && $0.entry.modificationTime == 0 && $0.entry.userName.isEmpty })
    }

    @Test("GNU tar lists long names (ustar prefix and PAX), modes, owners and link targets")
    func gnuTarLists() async throws {
        var writer = TarWriter()
        writer.appendFile(Self.longName, contents: Array("x".utf8))
        writer.appendFile(Self.veryLongName, contents: Array("y".utf8), mode: 0o755)
        writer.append(TarEntry(name: "link", kind: .symbolicLink, mode: 0o777, linkName: Self.veryLongName))
        writer.finish()
        #expect(Self.longName.utf8.count > 100 && Self.veryLongName.utf8.count > 255)
        let directory = try TemporaryDirectory()
        try directory.write("t.tar", bytes: writer.bytes)
        let listing = try await Tools.check("/usr/bin/env", ["tar", "--numeric-owner", "-tvf", directory.path("t.tar")], environment: ["TZ": "UTC"])
        let lines = listing.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("-rw-r--r-- 0/0") && lines[0].hasSuffix(" 1970-01-01 00:00 \(Self.longName)"))
        #expect(lines[1].hasPrefix("-rwxr-xr-x 0/0") && lines[1].hasSuffix(" \(Self.veryLongName)"))
        #expect(lines[2].hasPrefix("lrwxrwxrwx 0/0") && lines[2].hasSuffix(" link -> \(Self.veryLongName)"))
        // And Python's tarfile agrees on names and sizes.
        let python = try await Tools.python(
            "import sys, tarfile\nfor m in tarfile.open(sys.argv[1]): print(m.name, m.size, oct(m.mode), m.linkname)",
            [directory.path("t.tar")])
        #expect(python.split(separator: "\n").map(String.init) == [
            "\(Self.longName) 1 0o644 ", "\(Self.veryLongName) 1 0o755 ", "link 0 0o777 \(Self.veryLongName)",
        ])
    }

    @Test("the reader reads GNU tar's GNU and PAX formats and Python's GNU long names")
    func readsOtherWriters() async throws {
        let directory = try TemporaryDirectory()
        let tree = try TemporaryDirectory()
        try tree.write(Self.veryLongName, "content\n")
        try tree.symlink("link", to: Self.veryLongName)
        for format in ["gnu", "posix"] {
            let archive = directory.path("\(format).tar")
            try await Tools.check("/usr/bin/env", ["tar", "--format=\(format)", "-cf", archive, "-C", tree.url.path, "."])
            let read = try members(of: bytes(of: URL(fileURLWithPath: archive)))
            let file = try #require(read.first { $0.entry.name == "./" + Self.veryLongName })
            #expect(file.contents == Array("content\n".utf8))
            #expect(read.first { $0.entry.name == "./link" }?.entry.linkName == Self.veryLongName)
        }
        try await Tools.python(
            """
            import sys, tarfile, io
            with tarfile.open(sys.argv[1], "w", format=tarfile.GNU_FORMAT) as t:
                i = tarfile.TarInfo(sys.argv[2]); data = b"gnu long name\\n"; i.size = len(data)
                t.addfile(i, io.BytesIO(data))
                l = tarfile.TarInfo("l"); l.type = tarfile.SYMTYPE; l.linkname = sys.argv[2]
                t.addfile(l)
            """, [directory.path("py.tar"), Self.veryLongName])
        let read = try members(of: bytes(of: directory.appending("py.tar")))
        #expect(read.map(\.entry.name) == [Self.veryLongName, "l"])
        #expect(read[0].contents == Array("gnu long name\n".utf8))
        #expect(read[1].entry.linkName == Self.veryLongName)
    }

    @Test("sizes of 8 GiB and more go into a PAX record")
    func hugeSize() throws {
        let size: Int64 = 9 << 30
        let header = TarWriter.header(for: TarEntry(name: "huge.bin", kind: .regularFile, size: size))
        #expect(header.count == 3 * 512)
        #expect(String(decoding: header[512..<1024], as: UTF8.self).contains("size=\(size)\n"))
        var reader = TarReader(ByteArraySource(header))
        let entry = try #require(try reader.next())
        #expect(entry.size == size)
        #expect(entry.name == "huge.bin")
        // The contents are missing: reading on is an error naming the member.
        let error = #expect(throws: ArchiveError.self) { _ = try reader.next() }
        #expect(error?.message.contains("truncated inside 'huge.bin'") == true)
    }

    @Test("PAX record lengths count themselves, across a change in digits")
    func paxRecordLength() throws {
        for length in 90...110 {
            let name = String(repeating: "n", count: length) + "é"
            let header = TarWriter.header(for: TarEntry(name: name, kind: .regularFile))
            var reader = TarReader(ByteArraySource(header + TarWriter.endOfArchive))
            #expect(try reader.next()?.name == name)
        }
    }

    @Test("a damaged header is refused; a missing end marker is accepted, a half block is not")
    func damage() throws {
        var writer = TarWriter()
        writer.appendFile("a.txt", contents: Array("hello".utf8))
        var damaged = writer.bytes
        damaged[10] ^= 0x01
        let error = #expect(throws: ArchiveError.self) { _ = try members(of: damaged) }
        #expect(error?.message.contains("bad checksum") == true)
        #expect(try members(of: writer.bytes).count == 1)
        #expect(throws: ArchiveError.self) { _ = try members(of: writer.bytes + [UInt8](repeating: 1, count: 100)) }
    }
}
