import Foundation
import SluiceRuntime
import SluiceStore

extension GlobalOptions {
    /// Opens the shared store for reading, refusing to create one where none exists.
    func openStore() throws -> Store {
        let path = cluster.storePath
        guard FileManager.default.fileExists(atPath: path) else {
            throw CLIError("no Sluice store at \(path)",
                           hint: "pass --store PATH or set SLUICE_STORE to the file the controllers were started with")
        }
        do {
            return try Store(path: path)
        } catch {
            throw CLIError("cannot open the store at \(path): \(error)", hint: "check the path and its permissions")
        }
    }
}
