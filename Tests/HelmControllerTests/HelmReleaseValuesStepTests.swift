import Foundation
import Logging
import SluiceAPI
import SluiceCore
import SluiceHelm
import SluiceKube
import SluiceRuntime
import SluiceStore
import SluiceTestSupport
import Testing
@testable import HelmController

/// The `values` step against a real cluster: `valuesFrom` ConfigMaps and Secrets merged in Flux's order, named
/// failures, Secret data kept out of messages, and `lookup` reading the live cluster from the render thread.
@Suite(.serialized) struct HelmReleaseValuesStepTests {
    static func helmRelease(values: String, valuesFrom: String) -> String {
        """
        apiVersion: helm.toolkit.fluxcd.io/v2
        kind: HelmRelease
        metadata:
          name: app
          namespace: default
        spec:
          interval: 10m
          chartRef:
            kind: HelmChart
            name: app
          values:
        \(values)
          valuesFrom:
        \(valuesFrom)
        """
    }

    @Test func valuesFromAndValuesMergeInFluxsOrder() async throws {
        let bed = try await HelmInputsTestBed.start()
        defer { bed.stop() }
        try await bed.apply("""
            apiVersion: source.toolkit.fluxcd.io/v1
            kind: HelmChart
            metadata:
              name: app
              namespace: default
            spec:
              chart: app
              interval: 5m
              sourceRef:
                kind: HelmRepository
                name: charts
            """)
        try await bed.publishArtifact(kind: "HelmChart", name: "app", revision: "1.0.0", content: HelmInputsTestBed.chartArchive(name: "app"))
        try await bed.cluster.kubectl(["create", "configmap", "base", "--from-literal=values.yaml=replicas: 2\nimage:\n  repository: r\n  tag: a\n",
                                       "--from-literal=prod.yaml=image:\n  tag: b\n", "--from-literal=quoted='true'", "--from-literal=flag=true",
                                       "--from-literal=list=- a\n- b\n", "--from-literal=commas=x,y"])
        try await bed.cluster.kubectl(["create", "secret", "generic", "credentials", "--from-literal=password=hunter2-secret",
                                       "--from-literal=values.yaml=- hunter2-secret\n", "--from-literal=broken=a,hunter2-secret"])
        try await bed.apply(Self.helmRelease(values: """
                replicas: 3
                extra:
                  a: 1
            """, valuesFrom: """
                - kind: ConfigMap
                  name: base
                - kind: ConfigMap
                  name: base
                  valuesKey: prod.yaml
                - kind: Secret
                  name: credentials
                  valuesKey: password
                  targetPath: auth.password
                - kind: ConfigMap
                  name: base
                  valuesKey: quoted
                  targetPath: flags.quoted
                - kind: ConfigMap
                  name: base
                  valuesKey: flag
                  targetPath: flags.typed
                - kind: ConfigMap
                  name: absent
                  optional: true
                - kind: ConfigMap
                  name: base
                  valuesKey: absent
                  optional: true
            """))
        var release = try await bed.helmRelease("app")
        let work = try await bed.runInputSteps(&release)
        let expected: JSONObject = [
            "replicas": .double(3), "image": ["repository": "r", "tag": "b"], "extra": ["a": .double(1)],
            "auth": ["password": "hunter2-secret"], "flags": ["quoted": "true", "typed": true],
        ]
        #expect(work.values == expected)
        #expect(work.valuesDigest == HelmValuesDigest.digest(expected))
        #expect(work.postRenderer != nil)
        #expect(work.postRenderersDigest == nil)
        #expect(work.lookup != nil)

        // A required reference that is missing, or a key that is, is named.
        func failure(_ valuesFrom: String) async throws -> ReconcileError {
            try await bed.apply(Self.helmRelease(values: "    {}", valuesFrom: valuesFrom))
            var release = try await bed.helmRelease("app")
            return try await bed.inputStepsError(&release)
        }
        #expect(try await failure("    - {kind: ConfigMap, name: absent}") == .generic(
            reason: "ValuesError", message: "could not resolve ConfigMap chart values reference 'default/absent' with key 'values.yaml': configmaps \"absent\" not found"))
        #expect(try await failure("    - {kind: Secret, name: credentials, valuesKey: nokey}") == .generic(
            reason: "ValuesError", message: "could not resolve Secret chart values reference 'default/credentials' with key 'nokey': key not found"))
        // Values that are not a map.
        let list = try await failure("    - {kind: ConfigMap, name: base, valuesKey: list}")
        #expect(list.reason == "ValuesError")
        #expect(list.message.hasPrefix("could not resolve ConfigMap chart values reference 'default/base' with key 'list': failed to parse list: "))
        #expect(list.message.contains("cannot unmarshal array"))
        // A Secret's data never reaches a message, whether it fails as a values file or at a target path.
        let secretList = try await failure("    - {kind: Secret, name: credentials}")
        #expect(secretList == .generic(reason: "ValuesError",
                                       message: "could not resolve Secret chart values reference 'default/credentials' with key 'values.yaml': failed to read values data"))
        let secretPath = try await failure("    - {kind: Secret, name: credentials, valuesKey: broken, targetPath: a.b}")
        #expect(secretPath == .generic(reason: "ValuesError",
                                       message: "could not resolve Secret chart values reference 'default/credentials' with key 'broken': failed to merge value"))
        // A ConfigMap's parser error is shown.
        let configPath = try await failure("    - {kind: ConfigMap, name: base, valuesKey: commas, targetPath: a.b}")
        #expect(configPath.message.hasPrefix("could not resolve ConfigMap chart values reference 'default/base' with key 'commas': "))
        #expect(configPath.message.contains("has no value"))
    }

    @Test func specValuesMustBeAMap() throws {
        #expect(try HelmValuesComposer.specValues(nil) == JSONObject())
        #expect(try HelmValuesComposer.specValues(["a": 1]) == ["a": .double(1)])
        #expect {
            try HelmValuesComposer.specValues([1, 2])
        } throws: { error in
            "\(error)" == "spec.values must be a map of values, not array"
        }
    }

    @Test func lookupReadsTheClusterFromTheRenderThread() async throws {
        let bed = try await HelmInputsTestBed.start()
        defer { bed.stop() }
        try await bed.cluster.kubectl(["create", "configmap", "settings", "--from-literal=colour=blue"])
        try await bed.cluster.kubectl(["create", "namespace", "other"])
        try await bed.cluster.kubectl(["create", "configmap", "elsewhere", "-n", "other", "--from-literal=colour=red"])
        let template = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: looked-up
            data:
              colour: {{ (lookup "v1" "ConfigMap" "default" "settings").data.colour | quote }}
              missing: {{ lookup "v1" "ConfigMap" "default" "nope" | len | quote }}
              listed: {{ (lookup "v1" "ConfigMap" "other" "").items | len | quote }}
              everywhere: {{ (lookup "v1" "ConfigMap" "" "").kind | quote }}
              cluster: {{ (lookup "v1" "Namespace" "ignored" "other").metadata.name | quote }}
              unknownKind: {{ lookup "v1" "Nonesuch" "default" "x" | len | quote }}
            """
        let chart = try ChartLoader().loadArchive(HelmInputsTestBed.chartArchive(name: "app", files: ["templates/cm.yaml": template]), source: "app")
        var renderer = ChartRenderer(release: ReleaseOptions(name: "app"))
        renderer.lookup = ClusterHelmLookup(client: bed.api)
        let rendered = try await renderer.render(chart, values: JSONObject())
        let data = try #require(try YAMLReader().documents(rendered.manifests.map(\.content).joined(separator: "\n---\n")).first?.value["data"])
        // `other` holds `elsewhere` and the `kube-root-ca.crt` every namespace gets, as in Kubernetes.
        #expect(data == ["colour": "blue", "missing": "0", "listed": "2", "everywhere": "ConfigMapList", "cluster": "other", "unknownKind": "0"])

        let unserved = try ChartLoader().loadArchive(HelmInputsTestBed.chartArchive(name: "app", files: [
            "templates/cm.yaml": "{{ lookup \"example.com/v1\" \"Widget\" \"default\" \"w\" }}",
        ]), source: "app")
        await #expect {
            _ = try await renderer.render(unserved, values: JSONObject())
        } throws: { error in
            "\(error)".contains("error calling lookup: unable to get apiresource from unstructured: example.com/v1, Kind=Widget")
        }
    }
}
