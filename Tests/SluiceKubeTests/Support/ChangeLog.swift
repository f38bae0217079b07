import SluiceCore
import SluiceKube

/// Changes an informer handler saw.
actor ChangeLog {
    private(set) var entries: [String] = []
    func record(_ change: InformerChange) { entries.append(Self.describe(change)) }

    static func describe(_ change: InformerChange) -> String {
        switch change {
        case .added(let o): return "added \(o.name) \(o.resourceVersion ?? "")"
        case .updated(_, let o): return "updated \(o.name) \(o.resourceVersion ?? "")"
        case .deleted(let o): return "deleted \(o.name) \(o.resourceVersion ?? "")"
        }
    }
}
