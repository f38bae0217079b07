import SluiceCore

/// An object's `metadata.managedFields`: one entry per manager identity.
struct ManagedFields: Sendable {
    private(set) var entries: [ManagedFieldsEntry] = []

    init() {}

    /// The entries of `metadata.managedFields`; malformed entries are dropped, duplicates merged.
    init(json: JSONValue?) {
        for item in json?.arrayValue ?? [] {
            guard let entry = ManagedFieldsEntry(json: item) else { continue }
            if let index = entries.firstIndex(where: { $0.identity == entry.identity }) {
                entries[index].fields = entries[index].fields.union(entry.fields)
            } else {
                entries.append(entry)
            }
        }
    }

    var isEmpty: Bool { entries.isEmpty }

    subscript(identity: ManagedFieldsEntry.Identity) -> ManagedFieldsEntry? {
        get { entries.first { $0.identity == identity } }
        set {
            let index = entries.firstIndex { $0.identity == identity }
            switch (index, newValue) {
            case let (index?, entry?): entries[index] = entry
            case let (nil, entry?): entries.append(entry)
            case let (index?, nil): entries.remove(at: index)
            case (nil, nil): break
            }
        }
    }

    /// Every manager's fields together.
    var allFields: FieldSet { entries.reduce(FieldSet()) { $0.union($1.fields) } }

    /// Edits every entry but `except`, dropping those left empty.
    mutating func updateOthers(except identity: ManagedFieldsEntry.Identity?, _ body: (inout FieldSet) -> Void) {
        for index in entries.indices where entries[index].identity != identity { body(&entries[index].fields) }
        entries.removeAll { $0.fields.isEmpty }
    }

    /// Keeps at most `limit` update entries as kube-apiserver does: the oldest updaters are folded,
    /// per API version, into one `ancient-changes` entry carrying the newest folded time.
    mutating func capUpdaters(limit: Int = 10, bucketName: String = "ancient-changes") {
        let updaters = entries.filter { $0.operation != "Apply" }
            .sorted { ($0.time ?? "") < ($1.time ?? "") }
            .map(\.identity)
        var count = updaters.count
        guard count > limit else { return }
        var firstByVersion: [String: ManagedFieldsEntry.Identity] = [:]
        for identity in updaters {
            guard count > limit else { break }
            guard let entry = self[identity] else { continue }
            guard let first = firstByVersion[entry.apiVersion] else {
                firstByVersion[entry.apiVersion] = identity
                continue
            }
            let bucket = ManagedFieldsEntry.Identity(manager: bucketName, operation: "Update", apiVersion: entry.apiVersion, subresource: "")
            if self[bucket] == nil, let firstEntry = self[first] {
                self[first] = nil
                self[bucket] = ManagedFieldsEntry(manager: bucketName, operation: "Update", apiVersion: entry.apiVersion,
                                                  time: firstEntry.time, fields: firstEntry.fields)
            }
            let bucketFields = self[bucket]?.fields ?? FieldSet()
            self[bucket]?.fields = entry.fields.union(bucketFields)
            self[bucket]?.time = entry.time
            self[identity] = nil
            count -= 1
        }
    }

    /// The entries sorted as kube-apiserver writes them: Apply before Update, then by time, manager, API version, subresource.
    var json: JSONValue {
        let sorted = entries.filter { !$0.fields.isEmpty }.sorted { p, q in
            if p.operation != q.operation { return p.operation < q.operation }
            if (p.time ?? "") != (q.time ?? "") { return (p.time ?? "") < (q.time ?? "") }
            if p.manager != q.manager { return p.manager < q.manager }
            if p.apiVersion != q.apiVersion { return p.apiVersion < q.apiVersion }
            return p.subresource < q.subresource
        }
        return .array(sorted.map(\.json))
    }

    /// `object` with `metadata.managedFields` set to these entries (removed when there are none).
    func writing(into object: JSONValue) -> JSONValue {
        var object = object
        var metadata = object["metadata"]?.objectValue ?? JSONObject()
        let encoded = json
        metadata["managedFields"] = encoded.arrayValue?.isEmpty == false ? encoded : nil
        object["metadata"] = .object(metadata)
        return object
    }
}
