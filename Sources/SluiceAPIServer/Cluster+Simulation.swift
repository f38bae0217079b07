import SluiceCore

extension Cluster {
    /// Queues a simulated status update for a workload that was written.
    func scheduleSimulation(_ type: ResourceType, key: String) {
        guard simulation.enabled, WorkloadSimulator.resources.contains(type.key) else { return }
        simulationQueue.append(.init(due: .now + simulation.delay, ref: ObjectRef(resource: type.key, key: key)))
    }

    /// Writes the status of workloads whose delay has passed; returns when the next one is due.
    func runSimulation() -> ContinuousClock.Instant? {
        let now = ContinuousClock.now
        var later: [SimulationItem] = []
        var due: [SimulationItem] = []
        for item in simulationQueue { if item.due <= now { due.append(item) } else { later.append(item) } }
        simulationQueue = later
        for item in due {
            guard let object = objects[item.ref.resource]?[item.ref.key], let type = registry.type(key: item.ref.resource),
                let status = WorkloadSimulator.status(for: object, resource: item.ref.resource, now: Timestamp.now())
            else { continue }
            var comparable = status
            var current = object["status"] ?? .object(JSONObject())
            comparable["conditions"] = nil
            current["conditions"] = nil
            if comparable == current, Self.conditionStates(status) == Self.conditionStates(object["status"]) { continue }
            var updated = object
            updated["status"] = status
            commit(type, key: item.ref.key, old: object, new: updated, event: "MODIFIED")
        }
        return simulationQueue.map(\.due).min()
    }

    static func conditionStates(_ status: JSONValue?) -> [String] {
        (status?["conditions"]?.arrayValue ?? []).map {
            "\($0["type"]?.stringValue ?? "")=\($0["status"]?.stringValue ?? ""):\($0["reason"]?.stringValue ?? "")"
        }
    }
}
