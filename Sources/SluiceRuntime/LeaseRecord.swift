import SluiceCore

/// The leader-election fields of a `coordination.k8s.io/v1` Lease's `spec`, as client-go's `LeaderElectionRecord` holds them.
///
/// Times stay the strings the server holds (`metav1.MicroTime`, `2006-01-02T15:04:05.000000Z`): the elector
/// never compares them with its own clock, only whether they changed (see ``LeaderElector``).
struct LeaseRecord: Sendable, Equatable {
    /// Who holds the lease; empty when nobody does (a released lease).
    var holderIdentity: String
    /// How long a holder may go without renewing before others may take over, in seconds.
    var leaseDurationSeconds: Int64
    /// When the current holder acquired the lease.
    var acquireTime: String?
    /// When the current holder last renewed the lease.
    var renewTime: String?
    /// How many times the lease changed hands.
    var leaseTransitions: Int64

    /// A record.
    init(holderIdentity: String, leaseDurationSeconds: Int64, acquireTime: String?, renewTime: String?, leaseTransitions: Int64) {
        self.holderIdentity = holderIdentity
        self.leaseDurationSeconds = leaseDurationSeconds
        self.acquireTime = acquireTime
        self.renewTime = renewTime
        self.leaseTransitions = leaseTransitions
    }

    /// The record in a Lease's `spec`; missing fields read as client-go reads them (empty, zero).
    init(spec: JSONValue?) {
        holderIdentity = spec?["holderIdentity"]?.stringValue ?? ""
        leaseDurationSeconds = spec?["leaseDurationSeconds"]?.intValue ?? 0
        acquireTime = spec?["acquireTime"]?.stringValue
        renewTime = spec?["renewTime"]?.stringValue
        leaseTransitions = spec?["leaseTransitions"]?.intValue ?? 0
    }

    /// The record as a Lease's `spec`.
    var spec: JSONValue {
        var spec: JSONObject = [
            "holderIdentity": .string(holderIdentity),
            "leaseDurationSeconds": .int(leaseDurationSeconds),
        ]
        if let acquireTime { spec["acquireTime"] = .string(acquireTime) }
        if let renewTime { spec["renewTime"] = .string(renewTime) }
        spec["leaseTransitions"] = .int(leaseTransitions)
        return .object(spec)
    }
}
