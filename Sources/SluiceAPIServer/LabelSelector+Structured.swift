import SluiceCore

extension LabelSelector {
    /// The selector a `metav1.LabelSelector` object (`matchLabels`, `matchExpressions`) describes, its requirements
    /// sorted by key as `metav1.LabelSelectorAsSelector` sorts them (a stable sort keeps `matchLabels` first);
    /// unknown operators are left out.
    init(structured value: JSONValue) {
        var requirements: [(key: String, requirement: LabelSelector.Requirement)] = []
        for (key, label) in value["matchLabels"]?.objectValue ?? JSONObject() {
            requirements.append((key, .equals(key, label.stringValue ?? "")))
        }
        for expression in value["matchExpressions"]?.arrayValue ?? [] {
            let key = expression["key"]?.stringValue ?? ""
            let values = expression["values"]?.arrayValue?.compactMap(\.stringValue) ?? []
            switch expression["operator"]?.stringValue ?? "" {
            case "In": requirements.append((key, .in(key, values)))
            case "NotIn": requirements.append((key, .notIn(key, values)))
            case "Exists": requirements.append((key, .exists(key)))
            case "DoesNotExist": requirements.append((key, .doesNotExist(key)))
            default: continue
            }
        }
        let sorted = requirements.enumerated().sorted { ($0.element.key, $0.offset) < ($1.element.key, $1.offset) }
        self.init(sorted.map(\.element.requirement))
    }
}
