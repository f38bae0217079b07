import SluiceCore

/// A Service's defaults (`SetDefaults_Service` of `pkg/apis/core/v1/defaults.go`) and what the service registry
/// allocates on create: a cluster IP from 10.96.0.0/12 (with `clusterIPs`, `ipFamilies`, `ipFamilyPolicy`) and node
/// ports from 30000–32767 for `NodePort` and `LoadBalancer` services, never one another service holds.
enum ServiceDefaults {
    /// The service cluster IP range, 10.96.0.0/12, as kubeadm's default; `.1` is the `kubernetes` service's.
    static let clusterIPRange: ClosedRange<UInt32> = (10 << 24 | 96 << 16 | 2)...(10 << 24 | 111 << 16 | 255 << 8 | 254)
    /// The node port range, as the real server's default.
    static let nodePortRange: ClosedRange<Int64> = 30000...32767

    /// `service` with its defaults and allocations; `others` are the services already stored (for what they hold).
    static func apply(_ service: inout JSONValue, others: some Sequence<JSONValue>) {
        if service["status"] == nil || service["status"]?.isNull == true { service["status"] = ["loadBalancer": .object(JSONObject())] }
        guard service["spec"]?.objectValue != nil else { return }
        service.setDefault(["spec", "type"], "ClusterIP")
        service.setDefault(["spec", "sessionAffinity"], "None")
        if service[path: ["spec", "sessionAffinity"]]?.stringValue == "ClientIP" {
            service.setDefault(["spec", "sessionAffinityConfig", "clientIP", "timeoutSeconds"], 10800)
        }
        let type = service[path: ["spec", "type"]]?.stringValue ?? "ClusterIP"
        service.updateEach(["spec", "ports"]) { port in
            port.setDefault(["protocol"], "TCP")
            let target = port["targetPort"]
            if target == nil || target?.isNull == true || target == .int(0) || target == .string("") {
                port["targetPort"] = port["port"]
            }
        }
        if type == "NodePort" || type == "LoadBalancer" {
            service.setDefault(["spec", "externalTrafficPolicy"], "Cluster")
        }
        if type == "LoadBalancer" { service.setDefault(["spec", "allocateLoadBalancerNodePorts"], true) }
        guard type != "ExternalName" else { return }
        service.setDefault(["spec", "internalTrafficPolicy"], "Cluster")
        allocateClusterIP(&service, others: others)
        if type == "NodePort" || (type == "LoadBalancer" && service[path: ["spec", "allocateLoadBalancerNodePorts"]]?.boolValue != false) {
            allocateNodePorts(&service, others: others)
        }
    }

    private static func allocateClusterIP(_ service: inout JSONValue, others: some Sequence<JSONValue>) {
        let clusterIP = service[path: ["spec", "clusterIP"]]?.stringValue ?? ""
        if clusterIP.isEmpty {
            let taken = Set(others.compactMap { $0[path: ["spec", "clusterIP"]]?.stringValue })
            var random = SystemRandomNumberGenerator()
            var address = UInt32.random(in: clusterIPRange, using: &random)
            // Probing on from a random start finds a free address whenever one is left; wrap-around included.
            for _ in 0..<4096 where taken.contains(dotted(address)) {
                address = address == clusterIPRange.upperBound ? clusterIPRange.lowerBound : address + 1
            }
            service[path: ["spec", "clusterIP"]] = .string(dotted(address))
        }
        let assigned = service[path: ["spec", "clusterIP"]]?.stringValue ?? ""
        service.setDefault(["spec", "clusterIPs"], [.string(assigned)])
        // A single-stack IPv4 cluster: headless services too.
        service.setDefault(["spec", "ipFamilyPolicy"], "SingleStack")
        service.setDefault(["spec", "ipFamilies"], ["IPv4"])
    }

    private static func allocateNodePorts(_ service: inout JSONValue, others: some Sequence<JSONValue>) {
        var taken = Set(others.flatMap { other in
            (other[path: ["spec", "ports"]]?.arrayValue ?? []).compactMap { $0["nodePort"]?.intValue }
        })
        taken.formUnion((service[path: ["spec", "ports"]]?.arrayValue ?? []).compactMap { $0["nodePort"]?.intValue })
        service.updateEach(["spec", "ports"]) { port in
            if let existing = port["nodePort"]?.intValue, existing != 0 { return }
            var candidate = Int64.random(in: nodePortRange)
            for _ in 0..<nodePortRange.count where taken.contains(candidate) {
                candidate = candidate == nodePortRange.upperBound ? nodePortRange.lowerBound : candidate + 1
            }
            taken.insert(candidate)
            port["nodePort"] = .int(candidate)
        }
    }

    private static func dotted(_ address: UInt32) -> String {
        "\(address >> 24).\(address >> 16 & 255).\(address >> 8 & 255).\(address & 255)"
    }
}
