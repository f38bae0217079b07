import SluiceCore
import Testing

@Suite struct LabelSelectorTests {
    @Test func parsesPrintsAndMatchesTheAPIForm() throws {
        let selector = try LabelSelector(parsing: "app = web, tier!=db,env in (prod, dev),zone notin (b),owner,!legacy")
        #expect(selector.requirements == [.equals("app", "web"), .notEquals("tier", "db"), .in("env", ["prod", "dev"]),
                                          .notIn("zone", ["b"]), .exists("owner"), .doesNotExist("legacy")])
        #expect(selector.description == "app=web,tier!=db,env in (dev,prod),zone notin (b),owner,!legacy")
        #expect(try LabelSelector(parsing: selector.description) == LabelSelector(parsing: "app=web,tier!=db,env in (dev,prod),zone notin (b),owner,!legacy"))
        #expect(selector.matches(["app": "web", "env": "prod", "owner": "me"]))
        #expect(!selector.matches(["app": "web", "env": "prod", "owner": "me", "legacy": "yes"]))
        #expect(!selector.matches(["app": "web", "env": "test", "owner": "me"]))
        #expect(LabelSelector().matches([:]))
    }

    @Test func aMalformedRequirementIsNamedAsTheAPIServerNamesIt() {
        #expect(throws: LabelSelectorError(requirement: "env in prod", selector: "app=web,env in prod")) {
            try LabelSelector(parsing: "app=web,env in prod")
        }
        #expect(LabelSelectorError(requirement: "a b", selector: "a b").description
                == "unable to parse requirement: found 'a b', invalid label selector \"a b\"")
    }
}
