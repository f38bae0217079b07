import Foundation
import SluiceCore
import SluiceTestSupport
import Testing
@testable import SluiceKube

/// Mutated and random bytes thrown at the kubeconfig decoder (YAML, entries, base64, contexts, the CA bundle's PEM):
/// it throws errors and never traps. Seeded and bounded, so a failure replays.
@Suite("kubeconfig decoder fuzz")
struct KubeConfigFuzzTests {
    /// A kubeconfig as `sluice cluster serve` writes it, and one with every entry kind.
    static let seeds: [String] = [
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: sluice
          cluster:
            server: https://127.0.0.1:6443
            certificate-authority-data: \(Data("-----BEGIN CERTIFICATE-----\nMIIBfzCCASWgAwIBAgIU\n-----END CERTIFICATE-----\n".utf8).base64EncodedString())
        users:
        - name: sluice
          user:
            token: 0123456789abcdef
        contexts:
        - name: sluice
          context:
            cluster: sluice
            user: sluice
            namespace: default
        current-context: sluice
        preferences: {}
        """,
        KubeConfigTests.sample,
    ]

    /// Pieces of YAML syntax and awkward scalars spliced into the input.
    static let fragments = [": ", "- ", "\n  ", "\n- ", "&a ", "*a", "<<: *a", "!!binary ", "!!int ", "{", "}", "[", "]", "'", "\"", "\t",
                            "\u{0}", "~", "null", "? ", "|", ">-", "---\n", "...\n", "%YAML 1.2\n", "#", "\\x", "\u{FEFF}", "é",
                            "server: ", "token: ", "certificate-authority-data: ", "current-context: ", "name: ", "cluster:", "user:",
                            "0x1F", "1e999", "-0", ".nan", "true", "=", "%%%", "\r\n"]

    @Test("5,000 mutated and random kubeconfigs: errors, never a trap")
    func fuzz() throws {
        var random = SplitMix(state: 0x6B75_6265)
        var parsed = 0
        for round in 0..<5_000 {
            let bytes = Self.mutate(Array(Self.seeds[round % Self.seeds.count].utf8), round: round, using: &random)
            let text = String(decoding: bytes, as: UTF8.self)
            guard let config = try? KubeConfig.parse(text, path: "/nonexistent/fuzz/kubeconfig") else { continue }
            parsed += 1
            for context in [nil] + config.contexts.keys.map(Optional.some) {
                guard let configuration = try? ClientConfiguration.fromKubeConfig(config, context: context) else { continue }
                _ = try? KubernetesTransport.makeTLS(configuration)
                _ = configuration.description
            }
        }
        // The mutations are small enough that some inputs still parse, so the later stages are exercised too.
        #expect(parsed > 100)
    }

    @Test("hostile shapes: deep nesting, an alias bomb, a huge scalar, invalid UTF-8, are errors")
    func hostileShapes() {
        var bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        for (name, previous) in zip("bcdefghij", "abcdefghi") {
            bomb += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 10).joined(separator: ", ") + "]\n"
        }
        let inputs = [
            "clusters: " + String(repeating: "[", count: 200_000),
            "clusters:\n" + String(repeating: "- ", count: 50_000) + "x",
            bomb + "clusters: *j\n",
            "clusters:\n- name: c\n  cluster:\n    server: https://h\n    certificate-authority-data: " + String(repeating: "QUJD", count: 1 << 18),
            String(decoding: [0xFF, 0xFE, 0x00, 0x61, 0x3A, 0x20, 0xC3], as: UTF8.self),
        ]
        for input in inputs {
            #expect(throws: KubeConfigError.self) {
                let config = try KubeConfig.parse(input, path: "/nonexistent/fuzz/kubeconfig")
                _ = try ClientConfiguration.fromKubeConfig(config)
            }
        }
    }

    @Test("the seeds parse")
    func seedsParse() throws {
        for seed in Self.seeds { _ = try KubeConfig.parse(seed, path: "/nonexistent/fuzz/kubeconfig") }
    }

    /// One to four mutations of `input`; every twentieth round is random bytes instead.
    static func mutate(_ input: [UInt8], round: Int, using random: inout SplitMix) -> [UInt8] {
        if round % 20 == 19 {
            return (0..<Int.random(in: 0...2_048, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
        }
        var bytes = input
        for _ in 0..<Int.random(in: 1...4, using: &random) {
            let position = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &random)
            switch Int.random(in: 0...6, using: &random) {
            case 0 where !bytes.isEmpty: bytes[position] = UInt8.random(in: 0...255, using: &random)
            case 1: bytes.insert(UInt8.random(in: 0...255, using: &random), at: position)
            case 2 where !bytes.isEmpty:
                bytes.removeSubrange(position..<min(bytes.count, position + Int.random(in: 1...64, using: &random)))
            case 3: bytes.insert(contentsOf: fragments.randomElement(using: &random)!.utf8, at: position)
            case 4 where !bytes.isEmpty:
                let end = min(bytes.count, position + Int.random(in: 1...128, using: &random))
                bytes.insert(contentsOf: bytes[position..<end], at: Int.random(in: 0...bytes.count, using: &random))
            case 5:
                let depth = Int.random(in: 1...64, using: &random)
                let open = Bool.random(using: &random) ? "[" : "{"
                bytes.insert(contentsOf: String(repeating: open, count: depth).utf8, at: position)
            default: bytes = Array(bytes.prefix(position))
            }
        }
        return bytes
    }
}
