/// Sprig's URL functions over Go's `net/url`: `urlParse` (a URL into a dict of its parts) and `urlJoin` (the reverse).
enum URLFunctions {
    static func register(in table: inout FunctionTable) {
        table.add("urlParse", [.string]) { _, args throws(FunctionError) in
            let url: GoURL
            do throws(GoURL.ParseError) {
                url = try GoURL.parse(args[0].stringValue!)
            } catch {
                throw FunctionError("unable to parse url: \(error.message)")
            }
            return .dict([
                "scheme": .string(url.scheme), "host": .string(url.host), "hostname": .string(url.hostname),
                "path": .string(url.path), "query": .string(url.rawQuery), "opaque": .string(url.opaque),
                "fragment": .string(url.fragment), "userinfo": .string(url.userinfo),
            ])
        }
        table.add("urlJoin", [.map]) { _, args throws(FunctionError) in
            let entries: [String: GoValue]
            if case .map(let map) = args[0] { entries = map.entries } else { entries = [:] }
            var url = GoURL()
            // Sprig reads the keys in this order, so the first bad one is the one it reports.
            url.scheme = try stringEntry(entries, "scheme")
            url.host = try stringEntry(entries, "host")
            url.path = try stringEntry(entries, "path")
            url.rawQuery = try stringEntry(entries, "query")
            url.opaque = try stringEntry(entries, "opaque")
            url.fragment = try stringEntry(entries, "fragment")
            let userinfo = try stringEntry(entries, "userinfo")
            if !userinfo.isEmpty {
                do throws(GoURL.ParseError) {
                    url.user = try GoURL.parse("proto://\(userinfo)@host").user
                } catch {
                    throw FunctionError("unable to parse userinfo in dict: \(error.message)")
                }
            }
            return .string(url.string)
        }
    }

    /// Sprig's `dictGetOrEmpty`: the string at `key`, empty when absent; anything but a string panics.
    private static func stringEntry(_ entries: [String: GoValue], _ key: String) throws(FunctionError) -> String {
        guard let value = entries[key] else { return "" }
        switch value {
        case .string(let s): return s
        case .missing, .null: throw FunctionError("runtime error: invalid memory address or nil pointer dereference")
        default: throw FunctionError("unable to parse \(key) key, must be of type string, but \(value.kindName) found")
        }
    }
}
