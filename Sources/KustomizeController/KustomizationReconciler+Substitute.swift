import Foundation
import SluiceAPI
import SluiceCore
import SluiceKube
import SluiceKustomize
import SluiceRuntime
import SluiceApply

extension KustomizationReconciler {
    /// The `substitute` step: replaces `${var}` expressions in every object's YAML with `postBuild.substitute` and the
    /// ConfigMaps and Secrets of `postBuild.substituteFrom`, except in objects labelled or annotated `kustomize.toolkit.fluxcd.io/substitute: disabled`.
    /// As Flux's `SubstituteVariables`, with the default `substituteStrategy: WithVariables` nothing is substituted
    /// unless at least one variable is defined (so `${var:=default}` stays as written); `Always` substitutes anyway.
    func reconcileSubstitute(_ object: inout Kustomization, _ conditions: inout Conditions, _ context: ReconcileContext,
                             _ work: KustomizationWork) async throws -> ReconcileResult
    {
        guard let postBuild = object.spec.postBuild else { return .success }
        func failure(_ message: String) -> ReconcileError {
            .generic(reason: ConditionReason.buildFailed, message: "post-build substitutions failed: \(message)")
        }
        var variables: [String: String] = [:]
        let namespace = object.metadata.namespace ?? "default"
        for reference in postBuild.substituteFrom ?? [] {
            let gvk = GroupVersionKind(group: "", version: "v1", kind: reference.kind)
            guard reference.kind == "ConfigMap" || reference.kind == "Secret" else {
                throw failure("substituteFrom kind '\(reference.kind)' is not ConfigMap or Secret")
            }
            guard let source = try await context.api.get(gvk, namespace: namespace, name: reference.name) else {
                if reference.optional == true { continue }
                throw failure("\(reference.kind) '\(namespace)/\(reference.name)' not found")
            }
            for (key, value) in source["data"]?.objectValue ?? JSONObject() {
                guard let text = value.stringValue else { continue }
                if reference.kind == "Secret" {
                    guard let data = Data(base64Encoded: text) else { throw failure("Secret '\(reference.name)' key '\(key)' is not base64") }
                    let value = String(decoding: data, as: UTF8.self)
                    variables[key] = value
                    work.redactor.add(value)
                } else {
                    variables[key] = text
                }
            }
        }
        for (key, value) in Self.inlineVariables(postBuild) { variables[key] = value }
        guard Self.substitutes(postBuild, variables: variables) else { return .success }
        defer { work.redactor.add(secretsIn: work.objects) }
        work.objects = try Self.substituted(work.objects, variables: variables, strict: strictSubstitutions)
        return .success
    }

    /// `postBuild.substitute` as Flux reads it: each value without its line breaks.
    static func inlineVariables(_ postBuild: PostBuild) -> [String: String] {
        (postBuild.substitute ?? [:]).mapValues { $0.replacingOccurrences(of: "\n", with: "") }
    }

    /// Whether substitution runs with `variables` defined: when there is one, or `substituteStrategy` is `Always`.
    static func substitutes(_ postBuild: PostBuild, variables: [String: String]) -> Bool {
        !variables.isEmpty || postBuild.substituteStrategy == PostBuild.substituteAlways
    }

    /// `objects` with their `${var}` expressions replaced by `variables` (Flux's envsubst), except objects labelled or
    /// annotated `kustomize.toolkit.fluxcd.io/substitute: disabled`; what both the controller and an offline build
    /// (`sluice build kustomization --dry-run`, `sluice validate`) run.
    ///
    /// - Parameters:
    ///   - strict: Whether a `${var}` without a value or default is an error.
    /// - Throws: ``ReconcileError`` (BuildFailed) naming the object and the cause, never a Secret's text.
    static func substituted(_ objects: [KubeObject], variables: [String: String], strict: Bool) throws -> [KubeObject] {
        func failure(_ message: String) -> ReconcileError {
            .generic(reason: ConditionReason.buildFailed, message: "post-build substitutions failed: \(message)")
        }
        for name in variables.keys where !VariableSubstitution.isValidName(name) {
            throw failure("'\(name)' is not a valid variable name: it must match ^[_[:alpha:]][_[:alpha:][:digit:]]*$")
        }
        let substitution = VariableSubstitution(variables: variables, strict: strict)
        let emitter = KustomizeYAMLEmitter()
        // What substitution may write in all, the build's own read budget: values repeated many times cannot grow
        // the objects past what a build may read.
        var remaining = KustomizeBuilder.Limits().maxTotalBytes
        return try objects.map { built in
            // As Flux: the label or the annotation, exactly `disabled`.
            let key = FluxAnnotations.kustomizeSubstitute
            guard built.labels[key] != "disabled", built.annotations[key] != "disabled" else { return built }
            let yaml = emitter.emit([built])
            guard yaml.contains("${") else { return built }
            let substituted: String
            do throws(VariableSubstitutionError) {
                substituted = try substitution.apply(yaml, maxBytes: remaining)
                remaining -= substituted.utf8.count
            } catch {
                // A Secret's text is never quoted; anything else's is the manifest from the source, which may be.
                throw failure("\(built.displayName): \(SecretMask.isSecret(built) ? error.unquoted : error.message)")
            }
            do {
                guard let result = try ManifestReader().objects(substituted, source: built.displayName).first else { return built }
                return result
            } catch {
                // The parser names the line and the problem, never the text; the step's redactor takes any value out.
                throw failure("\(built.displayName): \(error)")
            }
        }
    }
}
