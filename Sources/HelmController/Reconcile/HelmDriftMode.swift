import Foundation
import Logging
import SluiceAPI
import SluiceCore
import SluiceKube
import SluiceRuntime
import SluiceStore

/// `spec.driftDetection.mode`: correct drift (`enabled`), only report it (`warn`), or do not look (`disabled`, the
/// default).
public enum HelmDriftMode: String, Sendable {
    case enabled
    case warn
    case disabled
}
