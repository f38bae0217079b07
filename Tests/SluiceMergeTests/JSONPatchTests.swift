import SluiceCore
import SluiceMerge
import Testing

@Suite struct JSONPatchTests {
    static let document = #"{"metadata":{"name":"a","labels":{"app/name":"x","t~k":"y"}},"spec":{"list":[1,2,3]}}"#

    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var operations: String
        var expected: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "add a member", operations: #"[{"op":"add","path":"/spec/replicas","value":3}]"#,
             expected: #"{"metadata":{"name":"a","labels":{"app/name":"x","t~k":"y"}},"spec":{"list":[1,2,3],"replicas":3}}"#),
        Case(name: "add inserts into a list and - appends", operations: #"[{"op":"add","path":"/spec/list/0","value":0},{"op":"add","path":"/spec/list/-","value":4}]"#,
             expected: #"{"metadata":{"name":"a","labels":{"app/name":"x","t~k":"y"}},"spec":{"list":[0,1,2,3,4]}}"#),
        Case(name: "~1 and ~0 escapes", operations: #"[{"op":"replace","path":"/metadata/labels/app~1name","value":"z"},{"op":"remove","path":"/metadata/labels/t~0k"}]"#,
             expected: #"{"metadata":{"name":"a","labels":{"app/name":"z"}},"spec":{"list":[1,2,3]}}"#),
        Case(name: "remove a list element", operations: #"[{"op":"remove","path":"/spec/list/1"}]"#,
             expected: #"{"metadata":{"name":"a","labels":{"app/name":"x","t~k":"y"}},"spec":{"list":[1,3]}}"#),
        Case(name: "move and copy", operations: #"[{"op":"move","from":"/metadata/name","path":"/spec/name"},{"op":"copy","from":"/spec/list/2","path":"/spec/last"}]"#,
             expected: #"{"metadata":{"labels":{"app/name":"x","t~k":"y"}},"spec":{"list":[1,2,3],"name":"a","last":3}}"#),
        Case(name: "test passes, null is a value, the root can be replaced", operations: #"[{"op":"test","path":"/spec/list","value":[1,2,3]},{"op":"add","path":"/spec/n","value":null},{"op":"replace","path":"","value":{"a":1}}]"#,
             expected: #"{"a":1}"#),
    ]

    @Test(arguments: cases)
    func operations(_ testCase: Case) throws {
        let result = try JSONPatch.apply(try JSONParser().parse(testCase.operations), to: try JSONParser().parse(Self.document))
        #expect(json(result) == testCase.expected)
    }

    static let errorCases: [Case] = [
        Case(name: "not a list", operations: #"{"op":"add"}"#, expected: "a JSON patch must be an array of operations, found object"),
        Case(name: "unknown op", operations: #"[{"op":"frob","path":"/a"}]"#, expected: #"operation 0 (frob): unknown operation "frob""#),
        Case(name: "missing value", operations: #"[{"op":"add","path":"/a"}]"#, expected: #"operation 0 (add): missing "value""#),
        Case(name: "invalid pointer", operations: #"[{"op":"remove","path":"spec"}]"#,
             expected: #"operation 0 (remove): invalid JSON pointer "spec": it must be empty or start with "/""#),
        Case(name: "missing parent", operations: #"[{"op":"add","path":"/nope/x","value":1}]"#,
             expected: #"operation 0 (add): "/nope/x": no member "nope" at the document root"#),
        Case(name: "replace a missing member", operations: #"[{"op":"replace","path":"/spec/replicas","value":1}]"#,
             expected: #"operation 0 (replace): "/spec/replicas": no member "replicas" at "/spec""#),
        Case(name: "index out of range", operations: #"[{"op":"add","path":"/spec/list/5","value":1}]"#,
             expected: #"operation 0 (add): "/spec/list/5": cannot insert at "5" in a list of 3"#),
        Case(name: "leading zero index", operations: #"[{"op":"remove","path":"/spec/list/01"}]"#,
             expected: #"operation 0 (remove): "/spec/list/01": no element "01" to remove in a list of 3"#),
        Case(name: "move into a child", operations: #"[{"op":"move","from":"/spec","path":"/spec/x"}]"#,
             expected: #"operation 0 (move): cannot move "/spec" into itself ("/spec/x")"#),
        Case(name: "test failed", operations: #"[{"op":"add","path":"/x","value":1},{"op":"test","path":"/metadata/name","value":"b"}]"#,
             expected: #"operation 1 (test): test failed: "/metadata/name" is "a", not "b""#),
    ]

    @Test(arguments: errorCases)
    func errors(_ testCase: Case) throws {
        let operations = try JSONParser().parse(testCase.operations)
        let document = try JSONParser().parse(Self.document)
        #expect(throws: PatchError(testCase.expected)) { try JSONPatch.apply(operations, to: document) }
    }
}
