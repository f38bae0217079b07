import SluiceCore
import SluiceHelm
import Testing

/// `--set` parsing as Helm's `strvals` (expectations from `pkg/strvals/parser_test.go`'s rules).
@Suite struct StrvalsParserTests {
    static func parse(_ text: String, _ mode: StrvalsParser.Mode = .typed) throws -> JSONValue {
        var values = JSONObject()
        try StrvalsParser.parse(text, into: &values, mode: mode)
        return .object(values)
    }

    @Test func typesAndNesting() throws {
        let values = try Self.parse("a.b=1,c=true,d=null,e=0123,f={x,y},g[1]=z,h=")
        #expect(values["a"]?["b"] == .int(1))
        #expect(values["c"] == .bool(true))
        #expect(values["d"] == .null)
        #expect(values["e"] == .string("0123"))
        #expect(values["f"] == .array([.string("x"), .string("y")]))
        #expect(values["g"] == .array([.null, .string("z")]))
        #expect(values["h"] == .string(""))
    }

    @Test func escapesAndStrings() throws {
        let values = try Self.parse(#"a\.b=c\,d"#)
        #expect(values["a.b"] == .string("c,d"))
        #expect(try Self.parse("port=8080", .string)["port"] == .string("8080"))
        #expect(try Self.parse(#"j={"k":[1,2]}"#, .json)["j"]?["k"] == .array([.double(1), .double(2)]))
        #expect(try Self.parse("lit=a,b={c}", .literal)["lit"] == .string("a,b={c}"))
    }

    @Test func errorsAreHelms() {
        #expect(throws: HelmError.self) { try Self.parse("list[abc]=1") }
        do { _ = try Self.parse("list[abc]=1") } catch {
            #expect("\(error)" == #"error parsing index: strconv.Atoi: parsing "abc": invalid syntax"#)
        }
        do { _ = try Self.parse("a") } catch { #expect("\(error)" == #"key "a" has no value"#) }
        do { _ = try Self.parse("a[70000]=1") } catch { #expect("\(error)" == "index of 70000 is greater than maximum supported index of 65536") }
    }
}
