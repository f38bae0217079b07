import SluiceSchema
import Testing

@Suite struct BuiltInKindsTests {
    @Test func tableIsReadable() {
        _ = BuiltInKinds.all
    }
}
