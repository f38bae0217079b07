import SluiceAPI
import SluiceHelm

extension HelmReleaseReconciler {
    /// The install or upgrade request `object`'s spec describes for `target`, with the chart and values of `work`.
    static func actionRequest(_ object: HelmRelease, target: HelmReleaseTarget, chart: SluiceHelm.HelmChart, work: HelmReleaseWork,
                              upgrade: Bool) -> HelmActionRequest
    {
        var request = HelmActionRequest(releaseName: target.name, namespace: target.namespace, chart: chart, values: work.values)
        request.maxHistory = object.spec.maxHistory ?? defaultMaxHistory
        request.postRenderer = work.postRenderer
        request.lookup = work.lookup
        if upgrade {
            let spec = object.spec.upgrade
            request.timeout = timeout(of: .upgrade, object)
            request.wait = !(spec?.disableWait ?? false)
            request.waitForJobs = !(spec?.disableWaitForJobs ?? false)
            request.disableHooks = spec?.disableHooks ?? false
            request.disableOpenAPIValidation = spec?.disableOpenAPIValidation ?? false
            request.disableSchemaValidation = spec?.disableSchemaValidation ?? false
            request.force = spec?.force ?? false
            request.cleanupOnFail = spec?.cleanupOnFail ?? false
            request.disableTakeOwnership = spec?.disableTakeOwnership ?? false
            request.crds = spec?.crds.flatMap(HelmActionRequest.CRDPolicy.init(rawValue:)) ?? .skip
            request.serverSideApply = nil
        } else {
            let spec = object.spec.install
            request.timeout = timeout(of: .install, object)
            request.wait = !(spec?.disableWait ?? false)
            request.waitForJobs = !(spec?.disableWaitForJobs ?? false)
            request.disableHooks = spec?.disableHooks ?? false
            request.disableOpenAPIValidation = spec?.disableOpenAPIValidation ?? false
            request.disableSchemaValidation = spec?.disableSchemaValidation ?? false
            request.disableTakeOwnership = spec?.disableTakeOwnership ?? false
            request.crds = spec?.crds.flatMap(HelmActionRequest.CRDPolicy.init(rawValue:)) ?? ((spec?.skipCRDs ?? false) ? .skip : .create)
            request.createNamespace = object.spec.targetNamespace != nil && (spec?.createNamespace ?? false)
            request.replace = spec?.replace ?? false
            request.serverSideApply = true
        }
        return request
    }
}
