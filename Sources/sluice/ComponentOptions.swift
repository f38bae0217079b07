import ArgumentParser
import SluiceCore

/// The flags that choose Sluice's components, shared by `install` and `bootstrap git` (as the flux CLI's).
struct ComponentOptions: ParsableArguments {
    @Option(name: .customLong("registry"), help: "The container registry the image is pulled from.")
    var registry = Components.defaultRegistry

    @Option(name: .customLong("log-level"), help: "The controllers' log level: debug, info or error.")
    var logLevel = "info"

    @Option(name: .customLong("components-extra"), parsing: .upToNextOption,
            help: "Extra components (Flux's image automation controllers); Sluice has none, so any is refused.")
    var componentsExtra: [String] = []

    func validate() throws {
        let extras = componentsExtra.flatMap { $0.split(separator: ",").map(String.init) }.filter { !$0.isEmpty }
        if !extras.isEmpty {
            throw ValidationError("--components-extra \(extras.joined(separator: ",")): Sluice has no extra components "
                                  + "(the image automation controllers are not part of it)")
        }
        guard ["debug", "info", "error"].contains(logLevel) else {
            throw ValidationError("invalid --log-level '\(logLevel)': debug, info or error")
        }
        guard !registry.isEmpty, !registry.contains(where: { $0.isWhitespace || $0 == "@" }) else {
            throw ValidationError("invalid --registry '\(registry)'")
        }
    }

    /// The components these flags choose, in `namespace`.
    func components(namespace: String) -> Components {
        Components(namespace: namespace, registry: registry.hasSuffix("/") ? String(registry.dropLast()) : registry, logLevel: logLevel)
    }
}
