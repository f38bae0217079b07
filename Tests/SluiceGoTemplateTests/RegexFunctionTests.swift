import SluiceCore
import SluiceGoTemplate
import Testing

/// Sprig's regex functions on the linear-time matcher: Go's leftmost-first choices, capture groups in replacement
/// templates, Go's handling of empty matches, and patterns that make a backtracking engine run for ever.
@Suite struct RegexFunctionTests {
    @Test func catastrophicBacktrackingPatternsFinish() throws {
        // (a+)+$ against a run of a's ending in b takes 2^n steps in a backtracking engine; here it is linear.
        let text = String(repeating: "a", count: 40) + "b"
        #expect(try TemplateTestSupport.render(#"{{ regexMatch "(a+)+$" "\#(text)" }}"#) == "false")
        #expect(try TemplateTestSupport.render(#"{{ regexReplaceAll "(a|aa)+c" "\#(text)" "x" }}"#) == text)
        #expect(try TemplateTestSupport.render(#"{{ regexFindAll "(x+x+)+y" "\#(String(repeating: "x", count: 40))" -1 }}"#) == "[]")
    }

    @Test func leftmostFirstAsGo() throws {
        #expect(try TemplateTestSupport.render(#"{{ regexFind "a|ab" "ab" }}"#) == "a")
        #expect(try TemplateTestSupport.render(#"{{ regexFind "ab|a" "ab" }}"#) == "ab")
        #expect(try TemplateTestSupport.render(#"{{ regexFind "a+?" "aaa" }}|{{ regexFind "(?U)a+" "aaa" }}|{{ regexFind "(?U)a+?" "aaa" }}"#) == "a|a|aaa")
        #expect(try TemplateTestSupport.render(#"{{ regexFind "b+" "abbbc" }}|{{ regexFind "z" "abc" }}|{{ regexMatch "^b" "abc" }}"#) == "bbb||false")
    }

    @Test func emptyMatchesAsGo() throws {
        #expect(try TemplateTestSupport.render(#"{{ regexFindAll "a*" "baaac" -1 }}"#) == "[ aaa ]")
        #expect(try TemplateTestSupport.render(#"{{ regexReplaceAll "a*" "baaac" "-" }}"#) == "-b-c-")
        #expect(try TemplateTestSupport.render(#"{{ regexSplit "," "a,b,,c" -1 }}|{{ regexSplit "" "abc" -1 }}|{{ regexSplit "x*" "axxb" 2 }}"#) == "[a b  c]|[a b c]|[a b]")
    }

    @Test func captureGroupsInReplacements() throws {
        #expect(try TemplateTestSupport.render(#"{{ regexReplaceAll "(\\w+)@(\\w+)" "bob@host ann@box" "$2:$1" }}"#) == "host:bob box:ann")
        #expect(try TemplateTestSupport.render(#"{{ regexReplaceAll "(?P<user>\\w+)@(?P<host>\\w+)" "bob@host" "${host}.${user}" }}"#) == "host.bob")
        // $1x names a group "1x", which does not exist; ${1}x is group 1 then x; $$ is a dollar.
        #expect(try TemplateTestSupport.render(#"{{ regexReplaceAll "(b)" "abc" "[$1x]" }}|{{ regexReplaceAll "(b)" "abc" "${1}x" }}|{{ regexReplaceAll "b" "abc" "$$" }}"#) == "a[]c|abxc|a$c")
        // A group that took no part is empty; a literal replacement expands nothing.
        #expect(try TemplateTestSupport.render(#"{{ regexReplaceAll "(x)?b" "abc" "<$1>" }}|{{ regexReplaceAllLiteral "(b)" "abc" "$1" }}"#) == "a<>c|a$1c")
        // Groups inside repetitions keep their last iteration.
        #expect(try TemplateTestSupport.render(#"{{ regexReplaceAll "(?:(\\d)-)+" "1-2-3-x" "[$1]" }}"#) == "[3]x")
    }

    @Test func errorsAreGosMessages() {
        do {
            _ = try TemplateTestSupport.render(#"{{ mustRegexMatch "(" "x" }}"#)
            Issue.record("no error")
        } catch {
            #expect("\(error)".contains("error parsing regexp: missing closing ): `(`"))
        }
        #expect((try? TemplateTestSupport.render(#"{{ regexMatch "(" "x" }}"#)) == "false")
    }
}
