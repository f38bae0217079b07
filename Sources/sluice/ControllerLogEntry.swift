import Foundation
import SluiceCore

/// One line of a controller's JSON log, in Sluice's shape (`controller`, `name`, `namespace`) or Flux's
/// (`reconciler kind`, `controllerKind`), read as `flux logs` reads it.
struct ControllerLogEntry {
    var timestamp: String
    var level: String
    var message: String
    var error: String
    /// The object's kind as Flux spells it (`GitRepository`), when the line is about an object or a controller.
    var kind: String
    var name: String
    var namespace: String

    /// Reads a line; nil when it is not a JSON object (flux skips those).
    init?(line: String) {
        guard line.hasPrefix("{"), case .object(let object)? = try? JSONParser().parse(line) else { return nil }
        let text = { (key: String) in object[key]?.stringValue ?? "" }
        timestamp = text("ts")
        level = text("level")
        message = text("msg")
        error = text("error")
        name = text("name")
        namespace = text("namespace")
        let named = [text("reconciler kind"), text("controllerKind"), text("controller")].first { !$0.isEmpty } ?? ""
        kind = FluxKind(word: named)?.gvk.kind ?? named
    }

    /// `flux logs`' line: `TS LEVEL KIND[/NAME.NAMESPACE] - MESSAGE ERROR`.
    var formatted: String {
        "\(timestamp) \(level) \(kind)\(name.isEmpty ? "" : "/\(name).\(namespace)") - \(message) \(error)"
    }
}
