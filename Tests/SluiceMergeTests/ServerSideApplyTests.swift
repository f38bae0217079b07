import SluiceCore
import SluiceMerge
import Testing

@Suite struct ServerSideApplyTests {
    static let config = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: nginx
          namespace: default
          labels: {app: nginx}
        spec:
          replicas: 2
          selector:
            matchLabels: {app: nginx}
          template:
            metadata:
              labels: {app: nginx}
            spec:
              containers:
              - name: nginx
                image: nginx:1.21
                ports:
                - containerPort: 80
        """

    static let t0 = "2026-01-01T00:00:00Z"
    static let t1 = "2026-01-01T00:01:00Z"
    static let t2 = "2026-01-01T00:02:00Z"

    func managedFields(_ object: JSONValue) -> [JSONValue] { object["metadata"]?["managedFields"]?.arrayValue ?? [] }

    func entry(_ object: JSONValue, _ manager: String) -> JSONValue? {
        managedFields(object).first { $0["manager"]?.stringValue == manager }
    }

    func apply(_ text: String, to live: JSONValue?, manager: String = "kubectl", force: Bool = false, now: String = t0) throws -> JSONValue {
        try ServerSideApply.apply(configuration: try yaml(text), to: live, manager: manager, force: force, gvk: deploymentGVK, now: now)
    }

    /// The entry kube-apiserver writes for this apply by `kubectl --server-side`: struct fields are not members,
    /// map entries and list elements are (`.`), `selector` is atomic, the port key is defaulted with TCP.
    @Test func createViaApplyRecordsFieldsV1AsTheServerDoes() throws {
        let created = try apply(Self.config, to: nil)
        let expected = #"[{"manager":"kubectl","operation":"Apply","apiVersion":"apps/v1","time":"2026-01-01T00:00:00Z","fieldsType":"FieldsV1","fieldsV1":{"f:metadata":{"f:labels":{"f:app":{}}},"f:spec":{"f:replicas":{},"f:selector":{},"f:template":{"f:metadata":{"f:labels":{"f:app":{}}},"f:spec":{"f:containers":{"k:{\"name\":\"nginx\"}":{".":{},"f:image":{},"f:name":{},"f:ports":{"k:{\"containerPort\":80,\"protocol\":\"TCP\"}":{".":{},"f:containerPort":{}}}}}}}}}}]"#
        #expect(json(created["metadata"]?["managedFields"]) == expected)
        #expect(created["spec"]?["replicas"] == 2)
        #expect(created["metadata"]?["name"] == "nginx")
    }

    @Test func reapplyingTheSameConfigurationChangesNothing() throws {
        let created = try apply(Self.config, to: nil)
        let again = try apply(Self.config, to: created, now: Self.t1)
        #expect(again == created)
        #expect(json(again) == json(created))
    }

    @Test func anotherApplierConflictsUnlessForced() throws {
        let created = try apply(Self.config, to: nil)
        let other = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: nginx, namespace: default}
            spec: {replicas: 5}
            """
        #expect(throws: ApplyError.conflicts([ApplyConflict(manager: "kubectl", field: ".spec.replicas")])) {
            try apply(other, to: created, manager: "scaler")
        }
        do {
            _ = try apply(other, to: created, manager: "scaler")
        } catch {
            #expect(String(describing: error) == #"Apply failed with 1 conflict: conflict with "kubectl": .spec.replicas"#)
        }
        let forced = try apply(other, to: created, manager: "scaler", force: true, now: Self.t1)
        #expect(forced["spec"]?["replicas"] == 5)
        #expect(json(entry(forced, "scaler")?["fieldsV1"]) == #"{"f:spec":{"f:replicas":{}}}"#)
        #expect(entry(forced, "kubectl")?["fieldsV1"]?["f:spec"]?["f:replicas"] == nil)
        #expect(managedFields(forced).compactMap { $0["manager"]?.stringValue } == ["kubectl", "scaler"])

        // kubectl no longer owns replicas: dropping it from its configuration leaves the scaler's value.
        let dropped = try apply(Self.config.replacingReplicas(with: nil), to: forced, now: Self.t2)
        #expect(dropped["spec"]?["replicas"] == 5)
    }

    @Test func sameValueIsSharedWithoutConflict() throws {
        let created = try apply(Self.config, to: nil)
        let shared = try apply("""
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: nginx, namespace: default}
            spec: {replicas: 2}
            """, to: created, manager: "other", now: Self.t1)
        #expect(entry(shared, "other") != nil)
        // Both own replicas, so kubectl dropping it does not remove it.
        let dropped = try apply(Self.config.replacingReplicas(with: nil), to: shared, now: Self.t2)
        #expect(dropped["spec"]?["replicas"] == 2)
    }

    @Test func fieldsTheApplierDropsAreRemoved() throws {
        let created = try apply(Self.config, to: nil)
        let smaller = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: nginx, namespace: default}
            spec:
              selector:
                matchLabels: {app: nginx}
              template:
                metadata:
                  labels: {app: nginx}
                spec:
                  containers:
                  - name: nginx
                    image: nginx:1.21
        """
        let result = try apply(smaller, to: created, now: Self.t1)
        #expect(result["spec"]?["replicas"] == nil)
        #expect(result["metadata"]?["labels"] == nil)
        #expect(result["spec"]?["template"]?["spec"]?["containers"] == (try yaml("[{name: nginx, image: 'nginx:1.21'}]")))
        #expect(entry(result, "kubectl")?["time"] == .string(Self.t1))
    }

    @Test func updatesTakeOwnershipSoALaterApplyConflicts() throws {
        let created = try apply(Self.config, to: nil)
        var scaled = created
        scaled[path: ["spec", "replicas"]] = 7
        scaled[path: ["metadata", "annotations"]] = ["note": "x"]
        let recorded = ServerSideApply.recordUpdate(old: created, new: scaled, manager: "hpa", gvk: deploymentGVK, now: Self.t1)
        let hpa = try #require(entry(recorded, "hpa"))
        #expect(hpa["operation"] == "Update")
        #expect(hpa["time"] == .string(Self.t1))
        #expect(json(hpa["fieldsV1"]) == #"{"f:metadata":{"f:annotations":{".":{},"f:note":{}}},"f:spec":{"f:replicas":{}}}"#)
        #expect(entry(recorded, "kubectl")?["fieldsV1"]?["f:spec"]?["f:replicas"] == nil)
        // Apply entries come first, as the server sorts them.
        #expect(managedFields(recorded).compactMap { $0["operation"]?.stringValue } == ["Apply", "Update"])

        let message = #"Apply failed with 1 conflict: conflict with "hpa" using apps/v1: .spec.replicas"#
        do {
            _ = try apply(Self.config, to: recorded, now: Self.t2)
            Issue.record("expected a conflict")
        } catch {
            #expect(String(describing: error) == message)
        }
    }

    @Test func severalConflictsAreListedPerManager() throws {
        let created = try apply(Self.config, to: nil)
        let other = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: nginx, namespace: default, labels: {app: web}}
            spec: {replicas: 5}
            """
        #expect(performing: { try apply(other, to: created, manager: "m2") }, throws: { error in
            (error as? ApplyError)?.description == """
                Apply failed with 2 conflicts: conflicts with "kubectl":
                - .metadata.labels.app
                - .spec.replicas
                """
        })
    }

    @Test func objectsWithoutManagedFieldsBelongToBeforeFirstApply() throws {
        var live = try yaml(Self.config)
        live[path: ["spec", "replicas"]] = 9
        #expect(throws: ApplyError.conflicts([ApplyConflict(manager: "before-first-apply", field: ".spec.replicas",
                                                            operation: "Update", apiVersion: "apps/v1")])) {
            try apply(Self.config, to: live)
        }
    }

    @Test func statusIsNeitherAppliedNorOwned() throws {
        var live = try apply(Self.config, to: nil)
        live[path: ["status"]] = ["replicas": 2]
        let withStatus = Self.config + "\nstatus: {replicas: 9}\n"
        let result = try apply(withStatus, to: live, now: Self.t1)
        #expect(result["status"] == ["replicas": 2])
        #expect(entry(result, "kubectl")?["fieldsV1"]?["f:status"] == nil)
    }

    @Test func invalidConfigurationsNameThePath() throws {
        let missingName = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: nginx}
            spec:
              template:
                spec:
                  containers:
                  - image: nginx
            """
        #expect(throws: ApplyError.invalid(#".spec.template.spec.containers: element {"image":"nginx"}: associative list with keys has an element that omits key field "name" (and doesn't have default value)"#)) {
            try apply(missingName, to: nil)
        }
        #expect(throws: ApplyError.invalid(".spec.replicas: expected integer, got string")) {
            try apply("{apiVersion: apps/v1, kind: Deployment, metadata: {name: x}, spec: {replicas: two}}", to: nil)
        }
        #expect(throws: ApplyError.invalid(#".spec.template.spec.containers: duplicate entries for key [name="a"]"#)) {
            try apply("{apiVersion: apps/v1, kind: Deployment, metadata: {name: x}, spec: {template: {spec: {containers: [{name: a}, {name: a}]}}}}", to: nil)
        }
    }

    @Test func configMapKeysAreOwnedOneByOne() throws {
        func applyConfigMap(_ text: String, to live: JSONValue?, manager: String) throws -> JSONValue {
            try ServerSideApply.apply(configuration: try yaml(text), to: live, manager: manager, force: false, gvk: configMapGVK, now: Self.t0)
        }
        let first = try applyConfigMap("{apiVersion: v1, kind: ConfigMap, metadata: {name: c}, data: {a: '1'}}", to: nil, manager: "one")
        let second = try applyConfigMap("{apiVersion: v1, kind: ConfigMap, metadata: {name: c}, data: {b: '2'}}", to: first, manager: "two")
        #expect(second["data"] == ["a": "1", "b": "2"])
        #expect(json(entry(second, "two")?["fieldsV1"]) == #"{"f:data":{"f:b":{}}}"#)
        let dropped = try applyConfigMap("{apiVersion: v1, kind: ConfigMap, metadata: {name: c}, data: {}}", to: second, manager: "one")
        #expect(dropped["data"] == ["b": "2"])
    }

    @Test func customResourceListsFollowTheCRDSchema() throws {
        let schema = MergeSchema.builtIn.addingCustomResource(widgetGVK, openAPIV3Schema: try yaml("""
            type: object
            properties:
              spec:
                type: object
                properties:
                  items:
                    type: array
                    x-kubernetes-list-type: map
                    x-kubernetes-list-map-keys: [name]
                    items: {type: object, properties: {name: {type: string}, size: {type: integer}}}
                  tags: {type: array, items: {type: string}}
            """), namespaced: true)
        #expect(schema.knows(widgetGVK))
        #expect(schema.isNamespaced(widgetGVK) == true)
        let config = "{apiVersion: example.com/v1, kind: Widget, metadata: {name: w}, spec: {items: [{name: a, size: 1}], tags: [x]}}"
        let created = try ServerSideApply.apply(configuration: try yaml(config), to: nil, manager: "m", force: false, gvk: widgetGVK, schema: schema, now: Self.t0)
        #expect(json(entry(created, "m")?["fieldsV1"]) == #"{"f:spec":{"f:items":{"k:{\"name\":\"a\"}":{".":{},"f:name":{},"f:size":{}}},"f:tags":{}}}"#)
        // Without the schema the kind is unknown: lists are atomic.
        let unknown = try ServerSideApply.apply(configuration: try yaml(config), to: nil, manager: "m", force: false, gvk: widgetGVK, now: Self.t0)
        #expect(json(entry(unknown, "m")?["fieldsV1"]) == #"{"f:spec":{".":{},"f:items":{},"f:tags":{}}}"#)
    }
}

extension String {
    /// The Deployment configuration with its replicas line changed or removed.
    func replacingReplicas(with value: Int?) -> String {
        split(separator: "\n", omittingEmptySubsequences: false).compactMap { line -> String? in
            guard line.trimmingPrefix(while: { $0 == " " }).hasPrefix("replicas:") else { return String(line) }
            return value.map { "  replicas: \($0)" }
        }.joined(separator: "\n")
    }
}

@Suite struct ManagedFieldsEncodingTests {
    /// Set lists own their elements by value (`v:`); an object written by kube-apiserver round-trips unchanged.
    @Test func setElementsAndRoundTrip() throws {
        let config = try yaml("""
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: c, finalizers: [example.com/a]}
            data: {k: v}
            """)
        let created = try ServerSideApply.apply(configuration: config, to: nil, manager: "m", force: false, gvk: configMapGVK, now: "2026-01-01T00:00:00Z")
        #expect(json(created["metadata"]?["managedFields"]?.arrayValue?.first?["fieldsV1"]) == #"{"f:data":{"f:k":{}},"f:metadata":{"f:finalizers":{"v:\"example.com/a\"":{}}}}"#)

        // An entry as the server writes it after `kubectl create` (Update, with "." on new maps and elements).
        let live = try JSONParser().parse(#"""
            {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","managedFields":[{"manager":"kubectl-create","operation":"Update","apiVersion":"v1","time":"2026-01-01T00:00:00Z","fieldsType":"FieldsV1","fieldsV1":{"f:data":{".":{},"f:k":{}},"f:metadata":{"f:labels":{".":{},"f:app":{}}}}}],"labels":{"app":"x"}},"data":{"k":"v"}}
            """#)
        var changed = live
        changed[path: ["data", "k"]] = "w"
        let recorded = ServerSideApply.recordUpdate(old: live, new: changed, manager: "kubectl-create", gvk: configMapGVK, now: "2026-01-01T00:00:00Z")
        #expect(json(recorded) == json(changed))
    }

    @Test func createRecordsEverythingForTheCreator() throws {
        let object = try yaml("""
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: c, labels: {app: x}}
            data: {k: v}
            """)
        let created = ServerSideApply.recordUpdate(old: nil, new: object, manager: "kubectl-create", gvk: configMapGVK, now: "2026-01-01T00:00:00Z")
        #expect(json(created["metadata"]?["managedFields"]) == #"[{"manager":"kubectl-create","operation":"Update","apiVersion":"v1","time":"2026-01-01T00:00:00Z","fieldsType":"FieldsV1","fieldsV1":{"f:data":{".":{},"f:k":{}},"f:metadata":{"f:labels":{".":{},"f:app":{}}}}}]"#)
    }
}

@Suite struct ServerSideApplyListTests {
    static let base = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          template:
            spec:
              containers:
        """

    func config(_ containers: String...) -> String {
        Self.base + "\n" + containers.map { "      - {name: \($0), image: \($0):1}" }.joined(separator: "\n")
    }

    func names(_ object: JSONValue) -> [String] {
        object["spec"]?["template"]?["spec"]?["containers"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
    }

    @Test func elementsMergeByKeyAndOnlyTheAppliersOwnAreRemoved() throws {
        let now = "2026-01-01T00:00:00Z"
        func apply(_ text: String, to live: JSONValue?) throws -> JSONValue {
            try ServerSideApply.apply(configuration: try yaml(text), to: live, manager: "kubectl", force: false, gvk: deploymentGVK, now: now)
        }
        let created = try apply(config("app", "extra"), to: nil)
        // Another writer adds a sidecar through an ordinary update.
        var withSidecar = created
        withSidecar[path: ["spec", "template", "spec", "containers"]] = .array(
            (created["spec"]?["template"]?["spec"]?["containers"]?.arrayValue ?? []) + [["name": "sidecar", "image": "side:1"]])
        let updated = ServerSideApply.recordUpdate(old: created, new: withSidecar, manager: "injector", gvk: deploymentGVK, now: now)
        #expect(names(updated) == ["app", "extra", "sidecar"])

        let result = try apply(config("app"), to: updated)
        #expect(names(result) == ["app", "sidecar"])
        let reordered = try apply(config("new", "app"), to: result)
        #expect(names(reordered) == ["new", "app", "sidecar"])
    }
}

@Suite struct UpdateManagerCapTests {
    /// Past ten updaters, the oldest are folded into "ancient-changes", as kube-apiserver caps them.
    @Test func oldUpdatersFoldIntoAncientChanges() throws {
        var object = try yaml("{apiVersion: v1, kind: ConfigMap, metadata: {name: c}, data: {}}")
        for index in 0..<12 {
            let old = object
            object[path: ["data", "k\(index)"]] = .string("v")
            object = ServerSideApply.recordUpdate(old: old, new: object, manager: "writer-\(index)", gvk: configMapGVK,
                                                  now: "2026-01-01T00:00:\(index < 10 ? "0" : "")\(index)Z")
        }
        let entries = object["metadata"]?["managedFields"]?.arrayValue ?? []
        #expect(entries.count == 10)
        let ancient = try #require(entries.first { $0["manager"] == "ancient-changes" })
        #expect(json(ancient["fieldsV1"]) == #"{"f:data":{"f:k0":{},"f:k1":{},"f:k2":{}}}"#)
        #expect(ancient["time"] == "2026-01-01T00:00:02Z")
    }
}
