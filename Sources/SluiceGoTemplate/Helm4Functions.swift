import Foundation
import SluiceCore

/// The functions Helm 4 added to its map: `toYamlPretty` (yaml.v3's layout, sequences indented under their key), the
/// duration functions (`mustToDuration`, `durationSeconds`, … `durationRoundTo`, `durationTruncateTo`) and TOML
/// (`toToml`, `mustToToml`, `fromToml`).
enum Helm4Functions {
    static func register(in table: inout FunctionTable) {
        table.add("toYamlPretty", [.any]) { _, args in
            guard let text = try? HelmFunctions.toYAML(args[0]) else { return .string("") }
            return .string(indentingSequences(text))
        }
        table.add("mustToDuration", [.any]) { _, args throws(FunctionError) in .string(try duration(args[0]).description) }
        table.add("durationSeconds", [.any]) { _, args in .float64((try? duration(args[0]))?.seconds ?? 0) }
        table.add("durationMilliseconds", [.any]) { _, args in .int64(((try? duration(args[0]))?.nanoseconds ?? 0) / 1_000_000) }
        table.add("durationMicroseconds", [.any]) { _, args in .int64(((try? duration(args[0]))?.nanoseconds ?? 0) / 1_000) }
        table.add("durationNanoseconds", [.any]) { _, args in .int64((try? duration(args[0]))?.nanoseconds ?? 0) }
        table.add("durationMinutes", [.any]) { _, args in .float64(((try? duration(args[0]))?.seconds ?? 0) / 60) }
        table.add("durationHours", [.any]) { _, args in .float64(((try? duration(args[0]))?.seconds ?? 0) / 3600) }
        table.add("durationDays", [.any]) { _, args in .float64(((try? duration(args[0]))?.seconds ?? 0) / 86400) }
        table.add("durationWeeks", [.any]) { _, args in .float64(((try? duration(args[0]))?.seconds ?? 0) / 604_800) }
        table.add("durationRoundTo", [.any, .any]) { _, args in
            guard let value = try? duration(args[0]) else { return .string(GoDuration(nanoseconds: 0).description) }
            guard let unit = try? duration(args[1]), unit.nanoseconds > 0 else { return .string(value.description) }
            let (quotient, remainder) = value.nanoseconds.quotientAndRemainder(dividingBy: unit.nanoseconds)
            var rounded = quotient * unit.nanoseconds
            if abs(remainder) * 2 >= unit.nanoseconds { rounded += value.nanoseconds < 0 ? -unit.nanoseconds : unit.nanoseconds }
            return .string(GoDuration(nanoseconds: rounded).description)
        }
        table.add("durationTruncateTo", [.any, .any]) { _, args in
            guard let value = try? duration(args[0]) else { return .string(GoDuration(nanoseconds: 0).description) }
            guard let unit = try? duration(args[1]), unit.nanoseconds > 0 else { return .string(value.description) }
            return .string(GoDuration(nanoseconds: value.nanoseconds - value.nanoseconds % unit.nanoseconds).description)
        }
        // Helm's toToml returns the encoder's error message as the text.
        table.add("toToml", [.any]) { _, args in
            do throws(FunctionError) { return .string(try TOMLCodec.encode(args[0])) } catch { return .string(error.message) }
        }
        table.add("mustToToml", [.any]) { _, args throws(FunctionError) in .string(try TOMLCodec.encode(args[0])) }
        table.add("fromToml", [.string]) { _, args in
            do throws(FunctionError) { return try TOMLCodec.decode(args[0].stringValue!) } catch {
                return .dict(["Error": .string(error.message)])
            }
        }
    }

    /// Helm's `asDuration`: a Go duration string, a number of seconds (as a string or a number).
    static func duration(_ value: GoValue) throws(FunctionError) -> GoDuration {
        switch value {
        case .string(let text):
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { throw FunctionError("empty duration") }
            if let parsed = GoDuration(trimmed) { return parsed }
            if let seconds = Double(trimmed), seconds.isFinite { return .seconds(seconds) }
            throw FunctionError("could not parse duration \(GoQuote.quote(text))")
        case .int(let i): return GoDuration(nanoseconds: Int64(i) &* 1_000_000_000)
        case .int64(let i): return GoDuration(nanoseconds: i &* 1_000_000_000)
        case .uint8(let i): return GoDuration(nanoseconds: Int64(i) * 1_000_000_000)
        case .float64(let d) where d.isFinite && abs(d) < 9e9: return .seconds(d)
        case .missing, .null: throw FunctionError("invalid duration")
        default: throw FunctionError("unsupported duration type \(value.typeName)")
        }
    }

    /// yaml.v2's block layout turned into yaml.v3's (indent 2): a sequence that is a mapping's value is indented under
    /// its key, and everything inside it moves along.
    static func indentingSequences(_ text: String) -> String {
        var contexts: [Int] = []
        var previousKeyIndent: Int?
        var lines: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let indent = line.prefix { $0 == " " }.count
            let body = line.dropFirst(indent)
            if body.isEmpty { lines.append(String(line)); continue }
            let isItem = body.hasPrefix("- ") || body == "-"
            while let last = contexts.last, indent < last || (indent == last && !isItem) { contexts.removeLast() }
            if isItem, previousKeyIndent == indent, contexts.last != indent { contexts.append(indent) }
            lines.append(String(repeating: " ", count: 2 * contexts.count) + line)
            previousKeyIndent = body.hasSuffix(":") && !body.hasPrefix("- ") ? indent : (body.hasPrefix("- ") && body.hasSuffix(":") ? indent + 2 : nil)
        }
        return lines.joined(separator: "\n")
    }
}
