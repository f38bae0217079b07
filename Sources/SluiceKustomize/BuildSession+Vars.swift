import SluiceCore

extension BuildSession {
    /// kustomize's `ResAccumulator.MergeVars`: binds each var a kustomization declares to the one object it names
    /// among the objects accumulated so far at that level (by any identity the object has had), then adds the vars.
    ///
    /// Binding where the var is declared, not at the top, is what lets two sibling kustomizations declare vars on
    /// objects of the same name (diamonds of overlays, the same base under different prefixes or namespaces):
    /// each var keeps pointing at the object of its own kustomization.
    func bindVars(_ incoming: [KustomizeVar], into accumulation: inout Accumulation, file: String) throws(KustomizeError) {
        for variable in incoming {
            let matches = accumulation.resources.indices.filter { index in
                accumulation.resources[index].allIds.contains(where: variable.names)
            }
            guard matches.count <= 1 else {
                throw KustomizeError("found \(matches.count) resId matches for var \(variable.name) (unable to disambiguate)", file: variable.file)
            }
            if let index = matches.first { accumulation.resources[index].referringVars.append(variable.name) }
        }
        try appendVars(incoming, to: &accumulation, file: file)
    }

    /// Adds vars to an accumulation; a name declared twice is kustomize's "already encountered" error, naming `file`.
    func appendVars(_ vars: [KustomizeVar], to accumulation: inout Accumulation, file: String) throws(KustomizeError) {
        for variable in vars {
            if accumulation.vars.contains(where: { $0.name == variable.name }) {
                throw KustomizeError("var '\(variable.name)' already encountered", file: file)
            }
            accumulation.vars.append(variable)
        }
    }
}
