import Testing
@testable import SluiceGit

/// Choosing refspecs and targets from an advertisement, without a server.
@Suite("FetchPlan")
struct FetchPlanTests {
    static let advertised = [
        "HEAD": "aaaa000000000000000000000000000000000000",
        "refs/heads/main": "aaaa000000000000000000000000000000000000",
        "refs/tags/v1.0.0": "bbbb000000000000000000000000000000000000",
        "refs/tags/v1.0.0^{}": "cccc000000000000000000000000000000000000",
        "refs/tags/1.0.0": "dddd000000000000000000000000000000000000",
        "refs/pull/7/head": "eeee000000000000000000000000000000000000",
    ]

    @Test func onlyTheNeededRefspecs() throws {
        #expect(try FetchPlan.make(for: .branch("main"), advertised: Self.advertised)
                == FetchPlan(refspecs: ["+refs/heads/main:refs/heads/main"], target: .object("aaaa000000000000000000000000000000000000"), referenceName: "main"))
        #expect(try FetchPlan.make(for: .tag("v1.0.0"), advertised: Self.advertised).target == .object("bbbb000000000000000000000000000000000000"))
        #expect(try FetchPlan.make(for: .name("refs/pull/7/head"), advertised: Self.advertised).refspecs == ["+refs/pull/7/head:refs/pull/7/head"])
        #expect(try FetchPlan.make(for: .commit("ABCDEF12", branch: nil), advertised: Self.advertised)
                == FetchPlan(refspecs: ["+refs/heads/*:refs/heads/*"], target: .commit("abcdef12", reachableFrom: nil), referenceName: nil))
        #expect(try FetchPlan.make(for: .commit("abcdef12", branch: "main"), advertised: Self.advertised).target
                == .commit("abcdef12", reachableFrom: "aaaa000000000000000000000000000000000000"))
    }

    @Test func semverTiesPreferTheLastSpelling() throws {
        // v1.0.0 and 1.0.0 are the same version; the choice does not depend on dictionary order.
        #expect(try FetchPlan.make(for: .semver("1.0.0"), advertised: Self.advertised).referenceName == "v1.0.0")
    }

    @Test func malformedInput() {
        #expect(throws: GitError.self) { try FetchPlan.make(for: .commit("xyz", branch: nil), advertised: Self.advertised) }
        #expect(throws: GitError.self) { try FetchPlan.make(for: .name("main"), advertised: Self.advertised) }
        #expect(throws: GitError.self) { try FetchPlan.make(for: .branch(""), advertised: Self.advertised) }
    }
}

/// The libgit2 this package links: what the source-controller relies on.
@Suite("libgit2 build")
struct LibGit2BuildTests {
    @Test func threadsHTTPSAndSSH() {
        #expect(LibGit2.features == ["threads", "https", "ssh"])
    }

    @Test func shortDurations() {
        #expect(Duration.seconds(60).shortDescription == "60s")
        #expect(Duration.milliseconds(1500).shortDescription == "1.5s")
        #expect(Duration.milliseconds(250).shortDescription == "250ms")
    }
}
