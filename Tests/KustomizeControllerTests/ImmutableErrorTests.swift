import SluiceKube
import Testing
@testable import KustomizeController
import SluiceApply

/// Which failed dry runs `spec.force` cures by recreating, as Flux's `ssa/errors.IsImmutableError` decides.
struct ImmutableErrorTests {
    @Test func fluxPatterns() {
        let selector = KubernetesError.invalid(#"Deployment.apps "web" is invalid: spec.selector: Invalid value: v1.LabelSelector{}: field is immutable"#,
                                               causes: [])
        #expect(ResourceApplier.isImmutableError(selector))
        #expect(ResourceApplier.isImmutableError(KubernetesError.invalid(#"Service "api" is invalid: spec.clusterIPs[0]: may not change once set"#, causes: [])))
        #expect(ResourceApplier.isImmutableError(KubernetesError.conflict("Operation cannot be fulfilled")))
        // Admission webhooks and CEL rules answer with other codes; their words count.
        #expect(ResourceApplier.isImmutableError(KubernetesError.forbidden("admission webhook denied the request: spec.size is immutable")))
        #expect(ResourceApplier.isImmutableError(KubernetesError.other(code: 400, "cannot update immutable field spec.x")))
        #expect(!ResourceApplier.isImmutableError(KubernetesError.forbidden("namespaces \"x\" is forbidden")))
        #expect(!ResourceApplier.isImmutableError(KubernetesError.notFound("not found")))
    }

    @Test func dryRunFailureWording() {
        let failure = DryRunFailure(subject: "Deployment/default/web",
                                    underlying: KubernetesError.invalid(#"Deployment.apps "web" is invalid: spec.selector: x"#, causes: ["spec.selector: x"]))
        #expect(failure.description == #"Deployment/default/web dry-run failed (Invalid): Deployment.apps "web" is invalid: spec.selector: x"#)
    }
}
