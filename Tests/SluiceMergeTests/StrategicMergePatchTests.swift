import SluiceCore
import SluiceMerge
import Testing

@Suite struct StrategicMergePatchTests {
    static let deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          finalizers: [a.example.com/x, b.example.com/y]
        spec:
          replicas: 1
          strategy:
            type: RollingUpdate
            rollingUpdate: {maxSurge: 1}
          template:
            spec:
              containers:
              - name: app
                image: app:1
                args: [--a, --b]
                env:
                - {name: A, value: "1"}
                - {name: B, value: "2"}
                ports:
                - {containerPort: 80, name: http}
              - name: sidecar
                image: side:1
              volumes:
              - name: data
                emptyDir: {}
              - name: cfg
                configMap: {name: cfg}
        """

    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var patch: String
        var expected: String
        var testDescription: String { name }
    }

    /// Expected results follow kube-apiserver's strategic merge (apimachinery `strategicpatch`).
    static let cases: [Case] = [
        Case(name: "scalars replace, null deletes, maps merge", patch: """
            spec: {replicas: 3, strategy: null}
            metadata: {labels: {app: web}}
            """, expected: """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, finalizers: [a.example.com/x, b.example.com/y], labels: {app: web}}
            spec:
              replicas: 3
              template:
                spec:
                  containers:
                  - name: app
                    image: app:1
                    args: [--a, --b]
                    env: [{name: A, value: "1"}, {name: B, value: "2"}]
                    ports: [{containerPort: 80, name: http}]
                  - {name: sidecar, image: side:1}
                  volumes: [{name: data, emptyDir: {}}, {name: cfg, configMap: {name: cfg}}]
            """),
        // apimachinery's mergeSortedSlice: a live-only element goes before a patch element only when it came
        // first in the live list, so sidecar (after app) follows the patch's app and logger.
        Case(name: "containers and env merge by name; new elements placed as the server does; lists without strategy replace", patch: """
            spec:
              template:
                spec:
                  containers:
                  - name: app
                    args: [--c]
                    env: [{name: B, value: "20"}, {name: C, value: "3"}]
                  - {name: logger, image: log:1}
            """, expected: """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, finalizers: [a.example.com/x, b.example.com/y]}
            spec:
              replicas: 1
              strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 1}}
              template:
                spec:
                  containers:
                  - name: app
                    image: app:1
                    args: [--c]
                    env: [{name: A, value: "1"}, {name: B, value: "20"}, {name: C, value: "3"}]
                    ports: [{containerPort: 80, name: http}]
                  - {name: logger, image: log:1}
                  - {name: sidecar, image: side:1}
                  volumes: [{name: data, emptyDir: {}}, {name: cfg, configMap: {name: cfg}}]
            """),
        Case(name: "$retainKeys clears the keys it does not list (strategy is retainKeys)", patch: """
            spec:
              strategy: {$retainKeys: [type], type: Recreate}
            """, expected: """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, finalizers: [a.example.com/x, b.example.com/y]}
            spec:
              replicas: 1
              strategy: {type: Recreate}
              template:
                spec:
                  containers:
                  - name: app
                    image: app:1
                    args: [--a, --b]
                    env: [{name: A, value: "1"}, {name: B, value: "2"}]
                    ports: [{containerPort: 80, name: http}]
                  - {name: sidecar, image: side:1}
                  volumes: [{name: data, emptyDir: {}}, {name: cfg, configMap: {name: cfg}}]
            """),
        Case(name: "$setElementOrder orders the merged list; $deleteFromPrimitiveList removes finalizers", patch: """
            metadata:
              $deleteFromPrimitiveList/finalizers: [a.example.com/x]
            spec:
              template:
                spec:
                  $setElementOrder/containers: [{name: sidecar}, {name: app}]
                  containers: [{name: app, image: app:2}]
            """, expected: """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, finalizers: [b.example.com/y]}
            spec:
              replicas: 1
              strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 1}}
              template:
                spec:
                  containers:
                  - {name: sidecar, image: side:1}
                  - name: app
                    image: app:2
                    args: [--a, --b]
                    env: [{name: A, value: "1"}, {name: B, value: "2"}]
                    ports: [{containerPort: 80, name: http}]
                  volumes: [{name: data, emptyDir: {}}, {name: cfg, configMap: {name: cfg}}]
            """),
        Case(name: "$patch: replace in a list and in a map; $patch: delete on a map", patch: """
            spec:
              strategy: {$patch: delete}
              template:
                spec:
                  containers: [{name: only, image: only:1}, {$patch: replace}]
                  volumes: [{name: cfg, configMap: {$patch: replace, name: other}}]
            """, expected: """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, finalizers: [a.example.com/x, b.example.com/y]}
            spec:
              replicas: 1
              strategy: {}
              template:
                spec:
                  containers: [{name: only, image: only:1}]
                  volumes: [{name: data, emptyDir: {}}, {name: cfg, configMap: {name: other}}]
            """),
        Case(name: "finalizers are a primitive merge list: union, patch order first", patch: """
            metadata: {finalizers: [c.example.com/z, a.example.com/x]}
            """, expected: """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, finalizers: [c.example.com/z, a.example.com/x, b.example.com/y]}
            spec:
              replicas: 1
              strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 1}}
              template:
                spec:
                  containers:
                  - name: app
                    image: app:1
                    args: [--a, --b]
                    env: [{name: A, value: "1"}, {name: B, value: "2"}]
                    ports: [{containerPort: 80, name: http}]
                  - {name: sidecar, image: side:1}
                  volumes: [{name: data, emptyDir: {}}, {name: cfg, configMap: {name: cfg}}]
            """),
    ]

    @Test(arguments: cases)
    func deploymentPatches(_ testCase: Case) throws {
        let result = try StrategicMergePatch.apply(try yaml(testCase.patch), to: try yaml(Self.deployment), gvk: deploymentGVK)
        #expect(json(result) == json(try yaml(testCase.expected)))
        #expect(result == (try yaml(testCase.expected)))
    }

    /// Expected output recorded from `kubectl kustomize` (kustomize v5.5.0) with this patch under `patches:`.
    /// No new list elements, so kustomize's order (it puts patched elements first) and the server's agree.
    @Test func matchesKustomizeForDeletesAndInPlaceMerges() throws {
        let base = try yaml("""
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, finalizers: [a.example.com/x, b.example.com/y]}
            spec:
              replicas: 1
              template:
                spec:
                  containers:
                  - name: app
                    image: app:1
                    env: [{name: A, value: "1"}, {name: B, value: "2"}]
                    ports: [{containerPort: 80, name: http}]
                  - {name: sidecar, image: side:1}
                  volumes: [{name: data, emptyDir: {}}, {name: cfg, configMap: {name: cfg}}]
            """)
        let patch = try yaml("""
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              replicas: 3
              template:
                spec:
                  containers:
                  - name: app
                    image: app:2
                    env: [{name: A, $patch: delete}, {name: B, value: "20"}]
                    ports: [{containerPort: 80, name: web}]
                  - {name: sidecar, $patch: delete}
                  volumes: [{name: data, emptyDir: null, hostPath: {path: /data}}]
            """)
        let kustomize = try yaml("""
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              finalizers:
              - a.example.com/x
              - b.example.com/y
              name: web
            spec:
              replicas: 3
              template:
                spec:
                  containers:
                  - env:
                    - name: B
                      value: "20"
                    image: app:2
                    name: app
                    ports:
                    - containerPort: 80
                      name: web
                  volumes:
                  - hostPath:
                      path: /data
                    name: data
                  - configMap:
                      name: cfg
                    name: cfg
            """)
        #expect(try StrategicMergePatch.apply(patch, to: base, gvk: deploymentGVK) == kustomize)
    }

    /// Expected output recorded from `kubectl kustomize` (kustomize v5.5.0). kustomize moves the patched
    /// port first; kube-apiserver keeps the live order, so the data is compared without list order and
    /// the server's order is checked apart.
    @Test func serviceAndConfigMapMatchKustomize() throws {
        let service = try yaml("""
            apiVersion: v1
            kind: Service
            metadata: {name: web, labels: {app: web}}
            spec:
              selector: {app: web}
              ports: [{name: http, port: 80, targetPort: 8080}, {name: https, port: 443, targetPort: 8443}]
            """)
        let servicePatch = try yaml("""
            apiVersion: v1
            kind: Service
            metadata: {name: web, labels: {tier: front}}
            spec:
              ports: [{port: 443, targetPort: https}]
            """)
        let kustomizeService = try yaml("""
            apiVersion: v1
            kind: Service
            metadata:
              labels:
                app: web
                tier: front
              name: web
            spec:
              ports:
              - name: https
                port: 443
                targetPort: https
              - name: http
                port: 80
                targetPort: 8080
              selector:
                app: web
            """)
        let patched = try StrategicMergePatch.apply(servicePatch, to: service, gvk: serviceGVK)
        #expect(ignoringListOrder(patched) == ignoringListOrder(kustomizeService))
        #expect(patched["spec"]?["ports"]?.arrayValue?.compactMap { $0["port"]?.intValue } == [80, 443])

        let configMap = try yaml("""
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: cfg}
            data: {a: "1", b: "2"}
            """)
        let configMapPatch = try yaml("""
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: cfg}
            data: {a: null, b: "20"}
            """)
        let kustomizeConfigMap = try yaml("""
            apiVersion: v1
            data:
              b: "20"
            kind: ConfigMap
            metadata:
              name: cfg
            """)
        #expect(try StrategicMergePatch.apply(configMapPatch, to: configMap, gvk: configMapGVK) == kustomizeConfigMap)
    }

    /// Expected output recorded from `kubectl kustomize`: a kind without a schema has its lists replaced.
    @Test func customResourceListsAreReplaced() throws {
        let widget = try yaml("""
            apiVersion: example.com/v1
            kind: Widget
            metadata: {name: w}
            spec:
              items: [{name: a, size: 1}, {name: b, size: 2}]
              labels: {x: "1"}
            """)
        let patch = try yaml("""
            spec:
              items: [{name: b, size: 3}]
              labels: {y: "2"}
            """)
        let kustomize = try yaml("""
            apiVersion: example.com/v1
            kind: Widget
            metadata:
              name: w
            spec:
              items:
              - name: b
                size: 3
              labels:
                x: "1"
                "y": "2"
            """)
        #expect(try StrategicMergePatch.apply(patch, to: widget, gvk: widgetGVK) == kustomize)

        // With the CRD's schema, a list-map list merges by its key.
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
            """))
        let merged = try StrategicMergePatch.apply(patch, to: widget, gvk: widgetGVK, schema: schema)
        #expect(merged["spec"]?["items"] == (try yaml("[{name: a, size: 1}, {name: b, size: 3}]")))
    }

    struct ErrorCase: CustomTestStringConvertible, Sendable {
        var name: String
        var patch: String
        var message: String
        var testDescription: String { name }
    }

    static let errorCases: [ErrorCase] = [
        ErrorCase(name: "missing merge key", patch: "spec: {template: {spec: {containers: [{image: x}]}}}",
                  message: #".spec.template.spec.containers: element {"image":"x"} does not contain declared merge key "name""#),
        ErrorCase(name: "mixed element types", patch: "spec: {template: {spec: {containers: [x]}}}",
                  message: ".spec.template.spec.containers: list element types are not identical (object and string)"),
        ErrorCase(name: "missing merge key in a nested list", patch: "spec: {template: {spec: {containers: [{name: app, ports: [{name: p}]}]}}}",
                  message: #".spec.template.spec.containers[name="app"].ports: element {"name":"p"} does not contain declared merge key "containerPort""#),
        ErrorCase(name: "bad directive", patch: "spec: {strategy: {$patch: merge}}",
                  message: #".spec.strategy: unknown patch type "merge" in map (expected "replace" or "delete")"#),
        ErrorCase(name: "field outside $retainKeys", patch: "spec: {strategy: {$retainKeys: [type], rollingUpdate: {maxSurge: 2}}}",
                  message: #".spec.strategy: the patch sets "rollingUpdate", which $retainKeys does not list"#),
    ]

    @Test(arguments: errorCases)
    func errors(_ testCase: ErrorCase) throws {
        #expect(throws: PatchError(testCase.message)) {
            try StrategicMergePatch.apply(try yaml(testCase.patch), to: try yaml(Self.deployment), gvk: deploymentGVK)
        }
    }

    @Test func patchMustBeAnObject() {
        #expect(throws: PatchError("a strategic merge patch must be a JSON object, found array")) {
            try StrategicMergePatch.apply([], to: [:], gvk: deploymentGVK)
        }
    }
}

@Suite struct StrategicMergePatchNewValueTests {
    /// Values the original lacks still have their directives and nulls resolved, so none leak into the object.
    @Test func directivesInNewValuesDoNotLeak() throws {
        let original = try yaml("{apiVersion: apps/v1, kind: Deployment, metadata: {name: web}, spec: {}}")
        let patch = try yaml("""
            spec:
              strategy: {$patch: replace, type: Recreate}
              template:
                spec:
                  containers: [{name: a, image: a, env: [{name: X, value: null}]}, {name: b, $patch: delete}]
            """)
        let result = try StrategicMergePatch.apply(patch, to: original, gvk: deploymentGVK)
        #expect(result == (try yaml("""
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              strategy: {type: Recreate}
              template:
                spec:
                  containers: [{name: a, image: a, env: [{name: X}]}]
            """)))
    }
}
