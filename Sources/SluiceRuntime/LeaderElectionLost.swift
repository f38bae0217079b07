/// The leader could not renew its Lease within the renew deadline: the process must stop, as controller-runtime's manager does,
/// so that its pod restarts and stands by again instead of reconciling beside a new leader.
public struct LeaderElectionLost: Error, CustomStringConvertible {
    /// The Lease, `namespace/name`.
    public var lease: String

    /// The error for `lease`.
    public init(lease: String) { self.lease = lease }

    public var description: String { "leader election lost: the lease \(lease) was not renewed within the renew deadline" }
}
