import Foundation
import Logging
import SluiceGPG
import SluiceTestSupport
import Testing

/// GPGKeyring against keys and messages made by the real GnuPG.
@Suite("GPGKeyring")
struct GPGKeyringTests {
}
