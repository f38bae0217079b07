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
}
