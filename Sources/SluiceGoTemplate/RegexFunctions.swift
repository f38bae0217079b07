/// Sprig's regular-expression functions (`regexMatch`, `regexFind`, `regexFindAll`, `regexReplaceAll`,
/// `regexReplaceAllLiteral`, `regexSplit`, `regexQuoteMeta`) and their `must` forms.
enum RegexFunctions {
    static func register(in table: inout FunctionTable) {
        for prefix in ["", "must"] {
            func name(_ base: String) -> String { prefix.isEmpty ? base : prefix + base.prefix(1).uppercased() + base.dropFirst() }
            table.add(name("regexMatch"), [.string, .string]) { _, args throws(FunctionError) in
                do throws(FunctionError) {
                    return .bool(try GoRegex(args[0].stringValue!).matches(args[1].stringValue!))
                } catch {
                    if prefix.isEmpty { return .bool(false) }
                    throw error
                }
            }
            table.add(name("regexFind"), [.string, .string]) { _, args throws(FunctionError) in
                .string(try GoRegex(args[0].stringValue!).find(args[1].stringValue!))
            }
            table.add(name("regexFindAll"), [.string, .string, .int]) { _, args throws(FunctionError) in
                .strings(try GoRegex(args[0].stringValue!).findAll(args[1].stringValue!, limit: StringFunctions.intArg(args[2])))
            }
            table.add(name("regexReplaceAll"), [.string, .string, .string]) { _, args throws(FunctionError) in
                .string(try GoRegex(args[0].stringValue!).replaceAll(args[1].stringValue!, with: args[2].stringValue!, literal: false))
            }
            table.add(name("regexReplaceAllLiteral"), [.string, .string, .string]) { _, args throws(FunctionError) in
                .string(try GoRegex(args[0].stringValue!).replaceAll(args[1].stringValue!, with: args[2].stringValue!, literal: true))
            }
            table.add(name("regexSplit"), [.string, .string, .int]) { _, args throws(FunctionError) in
                .strings(try GoRegex(args[0].stringValue!).split(args[1].stringValue!, limit: StringFunctions.intArg(args[2])))
            }
        }
        table.add("regexQuoteMeta", [.string]) { _, args in .string(GoRegex.quoteMeta(args[0].stringValue!)) }
    }
}
