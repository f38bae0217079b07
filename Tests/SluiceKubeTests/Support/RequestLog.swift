/// Every request the fake server received, in order.
actor RequestLog {
    private(set) var requests: [RecordedRequest] = []
    func append(_ request: RecordedRequest) { requests.append(request) }
    /// Requests other than discovery.
    var nonDiscovery: [RecordedRequest] { requests.filter { !Discovery.isDiscoveryPath($0.path) } }
}
