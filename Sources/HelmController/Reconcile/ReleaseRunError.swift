import Foundation
import Logging
import SluiceAPI
import SluiceCore
import SluiceHelm
import SluiceKube
import SluiceRuntime
import SluiceStore

/// A failure of the release loop itself (no action ran or storage did not change as expected), in Flux's words.
struct ReleaseRunError: Error, Sendable, CustomStringConvertible {
    /// The message.
    var description: String

    /// An error saying `description`.
    init(_ description: String) { self.description = description }
}
