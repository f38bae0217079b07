import Testing
@testable import SluiceGit

/// `GitReference.shorthand`, kustomize's `?ref=`: resolved in Git's order from the advertisement, without a server.
@Suite struct FetchPlanShorthandTests {
    static let advertised = [
        "HEAD": "aaaa000000000000000000000000000000000000",
        "refs/heads/main": "aaaa000000000000000000000000000000000000",
        "refs/heads/release": "ffff000000000000000000000000000000000000",
        "refs/tags/release": "bbbb000000000000000000000000000000000000",
        "refs/tags/v2": "cccc000000000000000000000000000000000000",
        "refs/pull/9/head": "eeee000000000000000000000000000000000000",
    ]

    @Test func noNameIsTheBranchHEADPointsAt() throws {
        let plan = try FetchPlan.make(for: .shorthand(nil), advertised: Self.advertised)
        #expect(plan.refspecs == ["+refs/heads/main:refs/heads/main"] && plan.target == .object("aaaa000000000000000000000000000000000000"))
        #expect(plan.referenceName == "main")
        #expect(throws: GitError.self) { try FetchPlan.make(for: .shorthand(nil), advertised: ["refs/heads/main": "aaaa"]) }
    }

    @Test func aTagWinsOverABranchOfTheSameName() throws {
        #expect(try FetchPlan.make(for: .shorthand("release"), advertised: Self.advertised).refspecs == ["+refs/tags/release:refs/tags/release"])
        #expect(try FetchPlan.make(for: .shorthand("main"), advertised: Self.advertised).refspecs == ["+refs/heads/main:refs/heads/main"])
        #expect(try FetchPlan.make(for: .shorthand("refs/pull/9/head"), advertised: Self.advertised).target
            == .object("eeee000000000000000000000000000000000000"))
        #expect(try FetchPlan.make(for: .shorthand("pull/9/head"), advertised: Self.advertised).refspecs == ["+refs/pull/9/head:refs/pull/9/head"])
    }

    @Test func aShaIsFetchedAsACommitAndAnUnknownNameIsNamed() throws {
        #expect(try FetchPlan.make(for: .shorthand("abcdef12"), advertised: Self.advertised).target == .commit("abcdef12", reachableFrom: nil))
        #expect {
            try FetchPlan.make(for: .shorthand("nowhere"), advertised: Self.advertised)
        } throws: { error in (error as? GitError)?.message.contains("ref 'nowhere' not found") == true }
    }
}
