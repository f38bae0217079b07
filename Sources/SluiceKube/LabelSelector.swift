/// A label selector in the API's string form (`app=web,tier!=db,env in (a,b),!legacy`).
public struct LabelSelector: Sendable, Equatable, CustomStringConvertible {
    /// One requirement.
    public enum Requirement: Sendable, Equatable {
        /// `key=value`
        case equals(String, String)
        /// `key!=value`
        case notEquals(String, String)
        /// `key in (v1,v2)`
        case `in`(String, [String])
        /// `key notin (v1,v2)`
        case notIn(String, [String])
        /// `key`
        case exists(String)
        /// `!key`
        case doesNotExist(String)

        var text: String {
            switch self {
            case .equals(let k, let v): return "\(k)=\(v)"
            case .notEquals(let k, let v): return "\(k)!=\(v)"
            case .in(let k, let vs): return "\(k) in (\(vs.sorted().joined(separator: ",")))"
            case .notIn(let k, let vs): return "\(k) notin (\(vs.sorted().joined(separator: ",")))"
            case .exists(let k): return k
            case .doesNotExist(let k): return "!\(k)"
            }
        }
    }

    /// The requirements, all of which must hold.
    public var requirements: [Requirement]

    /// A selector of requirements.
    public init(_ requirements: [Requirement]) { self.requirements = requirements }

    /// A selector matching labels equal to `labels` (keys sorted for a stable string).
    public init(matching labels: [String: String]) {
        requirements = labels.keys.sorted().map { .equals($0, labels[$0]!) }
    }

    /// The selector string sent as `labelSelector=`.
    public var description: String { requirements.map(\.text).joined(separator: ",") }
}
