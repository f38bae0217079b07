import Testing
@testable import KustomizeController

struct VariableSubstitutionTests {
    @Test func fluxSyntax() throws {
        let substitution = VariableSubstitution(variables: ["a": "1", "empty": ""])
        #expect(try substitution.apply("x: ${a} ${b:=two} ${c:-three} ${empty:=four} $${a} $HOME") == "x: 1 two three four ${a} $HOME")
        #expect(try substitution.apply("${missing}") == "")
        #expect(throws: VariableSubstitutionError.self) { try VariableSubstitution(variables: [:], strict: true).apply("${missing}") }
        #expect(throws: VariableSubstitutionError.self) { try substitution.apply("${1bad}") }
        #expect(VariableSubstitution.isValidName("_ok9"))
        #expect(!VariableSubstitution.isValidName("no-dash"))
    }

    /// A value named many times cannot grow a manifest past the limit (the controller passes what is left of the
    /// build's budget).
    @Test func theResultIsBounded() throws {
        let substitution = VariableSubstitution(variables: ["big": String(repeating: "x", count: 1000)])
        let text = String(repeating: "${big}", count: 100)
        #expect(try substitution.apply(text).utf8.count == 100_000)
        #expect(throws: VariableSubstitutionError("the substituted manifest is longer than the limit of 10000 bytes")) {
            try substitution.apply(text, maxBytes: 10_000)
        }
    }
}
