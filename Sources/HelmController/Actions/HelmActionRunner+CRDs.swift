import Foundation
import Logging
import SluiceApply
import SluiceCore
import SluiceHelm
import SluiceKube

extension HelmActionRunner {
    /// The `crds/` files of the chart and of the subcharts its values enable (Helm processes dependencies first).
    func chartCRDs(_ request: HelmActionRequest) throws -> [ChartFile] {
        do {
            return try ChartRenderer(release: ReleaseOptions(name: request.releaseName, namespace: request.namespace),
                                     skipSchemaValidation: true)
                .renderValues(request.chart, values: request.values).chart.crdFiles()
        } catch {
            throw ActionFailure("failed to process chart dependencies: \(error.message)")
        }
    }

    /// Applies the chart's `crds/` files by `policy` as Flux does before an install or upgrade: `Skip` leaves them,
    /// `Create` creates those missing, `CreateReplace` also replaces those present; objects there that are not
    /// CustomResourceDefinitions are ignored (logged). Created or replaced CRDs carry `labels` (Flux's origin) and
    /// are waited for until `Established` (at most 60 s, as Flux).
    func applyCRDs(_ files: [ChartFile], policy: HelmActionRequest.CRDPolicy, serverSideApply: Bool, labels: [String: String],
                   deadline: ActionDeadline) async throws
    {
        guard policy != .skip, !files.isEmpty else { return }
        var crds: [KubeObject] = []
        var ignored: [String] = []
        for file in files {
            let objects: [KubeObject]
            do {
                objects = try YAMLReader().documents(file.text, source: file.name).compactMap { $0.value.objectValue.map(KubeObject.init) }
            } catch {
                throw ActionFailure("failed to parse CustomResourceDefinitions from \(file.name): \(error)")
            }
            for object in objects {
                guard object.gvk.group == "apiextensions.k8s.io", object.kind == "CustomResourceDefinition" else {
                    ignored.append(object.displayName)
                    continue
                }
                var crd = object
                crd.namespace = nil
                for (key, value) in labels { crd.labels[key] = value }
                crds.append(crd)
            }
        }
        if !ignored.isEmpty {
            logger.info("warning: ignoring non-CRD resources found in the chart's crds/ directory", metadata: ["nonCRDs": "\(ignored)"])
        }
        var applied: [KubeObject] = []
        for crd in crds {
            let exists = try await client.get(crd.gvk, namespace: nil, name: crd.name) != nil
            if exists && policy == .create {
                logger.debug("CustomResourceDefinition is already present. Skipping.", metadata: ["name": "\(crd.name)"])
                continue
            }
            do {
                try await put(crd, serverSideApply: serverSideApply, force: !serverSideApply, deadline: deadline)
            } catch {
                let verb = policy == .create ? "create CustomResourceDefinition \(crd.name)" : "update CustomResourceDefinition(s)"
                throw ActionFailure("failed to apply CustomResourceDefinitions: failed to \(verb): \(ActionFailure.text(error))")
            }
            applied.append(crd)
        }
        guard !applied.isEmpty else { return }
        do {
            try await ResourceApplier(client: client, fieldManager: fieldManager)
                .waitForEstablished(applied, timeout: min(.seconds(60), deadline.remaining), pollInterval: pollInterval)
        } catch {
            throw ActionFailure("failed to apply CustomResourceDefinitions: failed to wait for CustomResourceDefinition(s): \(ActionFailure.text(error))")
        }
        await client.mapper.reset()
    }
}
