import SluiceCore
import SluiceMerge
import Testing

@Suite struct MergeSchemaTests {
    @Test func scopesComeFromTheTable() {
        #expect(MergeSchema.builtIn.isNamespaced(deploymentGVK) == true)
        #expect(MergeSchema.builtIn.isNamespaced(GroupVersionKind(group: "", version: "v1", kind: "Namespace")) == false)
        #expect(MergeSchema.builtIn.isNamespaced(widgetGVK) == nil)
        #expect(MergeSchema.builtIn.knows(configMapGVK))
        #expect(!MergeSchema.builtIn.knows(widgetGVK))
        // Option kinds in the table are not resources.
        #expect(!MergeSchema.builtIn.knows(GroupVersionKind(group: "apps", version: "v1", kind: "DeleteOptions")))
    }
}
