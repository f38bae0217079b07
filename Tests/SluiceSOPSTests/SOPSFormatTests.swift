import Testing
import SluiceSOPS

@Suite struct SOPSFormatTests {
    @Test func formatFollowsTheExtensionAsSOPSChoosesIt() {
        #expect(SOPSFormat(fileName: "secret.yaml") == .yaml)
        #expect(SOPSFormat(fileName: "a/b.yml") == .yaml)
        #expect(SOPSFormat(fileName: "x.json") == .json)
        #expect(SOPSFormat(fileName: "app.env") == .dotenv)
        #expect(SOPSFormat(fileName: "conf.ini") == .ini)
        #expect(SOPSFormat(fileName: "key.bin") == .binary)
        #expect(SOPSFormat(fileName: "noext") == .binary)
    }
}
