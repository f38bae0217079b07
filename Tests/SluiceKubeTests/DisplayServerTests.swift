import Testing
import SluiceKube

/// Server URLs in messages and logs never carry credentials a kubeconfig may hide in them.
struct DisplayServerTests {
    @Test func userInformationPathAndQueryAreNeverShown() {
        #expect(ClientConfiguration.displayServer("https://127.0.0.1:6443") == "https://127.0.0.1:6443")
        #expect(ClientConfiguration.displayServer("https://127.0.0.1:6443/") == "https://127.0.0.1:6443")
        #expect(ClientConfiguration.displayServer("http://127.0.0.1:8080/sluice/abc123") == "http://127.0.0.1:8080/…")
        #expect(ClientConfiguration.displayServer("https://user:pa55@k8s.example/?token=abc") == "https://k8s.example/…")
        #expect(ClientConfiguration.displayServer("https://[::1]:6443") == "https://[::1]:6443")
        #expect(ClientConfiguration.displayServer("not a url") == "(an invalid URL)")
        let configuration = ClientConfiguration(server: "https://u:pa55@k8s.example/secret-path", credentials: .bearerToken("t0k3n"))
        #expect(!configuration.description.contains("pa55") && !configuration.description.contains("secret-path")
            && !configuration.description.contains("t0k3n"))
    }
}
