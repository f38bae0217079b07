/// Resource versions a watch double was asked for, in order.
actor RecordedVersions {
    private(set) var values: [String] = []
    func append(_ value: String) { values.append(value) }
}
