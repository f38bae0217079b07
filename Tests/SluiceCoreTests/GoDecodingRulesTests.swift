import SluiceCore
import Testing

/// Go's rules the decoders share: `strconv.ParseBool`, case folding as `strings.EqualFold` and `encoding/json` apply
/// it, the field a key names, `UnmarshalTypeError`'s words, and the order Go hands a map's keys to a decoder.
@Suite struct GoDecodingRulesTests {
    @Test func parseBoolAcceptsExactlyGosSpellings() {
        for yes in ["1", "t", "T", "TRUE", "true", "True"] { #expect(GoBool.parse(yes) == true, "\(yes)") }
        for no in ["0", "f", "F", "FALSE", "false", "False"] { #expect(GoBool.parse(no) == false, "\(no)") }
        for neither in ["", "yes", "no", "tRUE", "fALSE", " true", "true ", "2", "on", "ｔｒｕｅ"] {
            #expect(GoBool.parse(neither) == nil, "\(neither)")
        }
        #expect(GoBool.parse("xtrue".dropFirst()) == true)
    }

    @Test func foldingIsGosForASCIINames() {
        #expect(GoFold.folded("nameSuffix") == "NAMESUFFIX")
        // The two letters outside ASCII whose folding reaches it: long s and the Kelvin sign.
        #expect(GoFold.folded("nameſuffix") == "NAMESUFFIX")
        #expect(GoFold.folded("\u{212A}ind") == "KIND")
        // Others stay themselves: ß is not "ss", the dotless ı is not "i", full-width letters are not ASCII.
        #expect(GoFold.folded("claß") != GoFold.folded("class"))
        #expect(!GoFold.equal("fıle", ascii: "file"))
        #expect(!GoFold.equal("ｆａｌｓｅ", ascii: "false"))
        #expect(GoFold.equal("FaLsE", ascii: "false") && GoFold.equal("falſe", ascii: "false"))
        #expect(!GoFold.equal("false ", ascii: "false"))
    }

    @Test func aKeyNamesTheExactFieldElseOneEqualIgnoringCase() {
        let fields = ["namePrefix", "nameSuffix", "kind"]
        #expect(GoJSONFields.field(for: "namePrefix", among: fields) == "namePrefix")
        #expect(GoJSONFields.field(for: "NAMEPREFIX", among: fields) == "namePrefix")
        #expect(GoJSONFields.field(for: "nameſuffix", among: fields) == "nameSuffix")
        #expect(GoJSONFields.field(for: "\u{212A}IND", among: fields) == "kind")
        #expect(GoJSONFields.field(for: "name_prefix", among: fields) == nil)
        #expect(GoJSONFields.field(for: "", among: fields) == nil)
        // An exact spelling wins over an earlier field equal only ignoring case.
        #expect(GoJSONFields.field(for: "Name", among: ["name", "Name"]) == "Name")
        #expect(GoJSONFields.field(for: "NAME", among: ["name", "Name"]) == "name")
    }

    @Test func typeErrorsInGosWords() {
        #expect(GoJSONFields.typeError("array", goType: "string", structName: "Metadata", path: ["maintainers", "name"])
            == "json: cannot unmarshal array into Go struct field Metadata.maintainers.name of type string")
        #expect(GoJSONFields.typeError("string", goType: "types.Kustomization", structName: "", path: [])
            == "json: cannot unmarshal string into Go value of type types.Kustomization")
        #expect(GoJSONFields.typeError("number 2.5", goType: "int", structName: "FieldOptions", path: ["replacements", "source", "options", "index"])
            == "json: cannot unmarshal number 2.5 into Go struct field FieldOptions.replacements.source.options.index of type int")
    }

    @Test func keysInByteOrderAreGosMapOrder() {
        // The Angstrom sign (U+212B) sorts after Ð (U+00D0) by its bytes; Swift's own ordering normalises it to Å (U+00C5).
        let object = JSONObject([("b", .null), ("a", .null), ("\u{212B}", .null), ("B", .null), ("\u{D0}", .null), ("z", .null)])
        #expect(object.keysInByteOrder == ["B", "a", "b", "z", "\u{D0}", "\u{212B}"])
        #expect(object.keys.sorted() == ["B", "a", "b", "z", "\u{212B}", "\u{D0}"])
        #expect(object.keys == ["b", "a", "\u{212B}", "B", "\u{D0}", "z"])
    }
}
