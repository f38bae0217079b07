/// What a write request asked for besides its body.
struct WriteOptions: Sendable {
    /// `dryRun=All`: validate and compute, store nothing.
    var dryRun = false
    /// The field manager recorded in `managedFields`.
    var fieldManager: String
    /// `force=true` for server-side apply.
    var force = false
}
