import ArgumentParser
import Foundation
import SluiceCore

/// The limits of remote base fetches, for the controller and `build DIR` alike.
public struct RemoteBaseOptions: ParsableArguments, Sendable {
    @Option(name: .customLong("remote-bases-max-size"), help: "The most bytes one remote base fetch may receive, and one checkout or http(s) file may hold.")
    public var maxSize: Int = 64 << 20

    @Option(name: .customLong("remote-bases-timeout"), help: "The longest one remote base fetch may take (a ?timeout= in the URL may shorten it).")
    public var timeout: String = "60s"

    public init() {}

    public func validate() throws {
        guard maxSize > 0 else { throw ValidationError("--remote-bases-max-size must be positive") }
        guard let duration = GoDuration(timeout), duration.nanoseconds > 0 else {
            throw ValidationError("--remote-bases-timeout: not a positive duration: '\(timeout)'")
        }
    }

    /// The loader settings these limits give, caching under `cacheDirectory` and checking out under `workDirectory`.
    public func settings(cacheDirectory: URL, workDirectory: URL = FileManager.default.temporaryDirectory) -> RemoteBaseLoader.Settings {
        RemoteBaseLoader.Settings(cacheDirectory: cacheDirectory, workDirectory: workDirectory, maxBytes: maxSize,
                                  timeout: GoDuration(timeout)?.duration ?? .seconds(60))
    }
}
