/// The Go type a kustomization value decodes into, as far as `encoding/json` cares: kustomize reads a kustomization
/// by converting its YAML to JSON and decoding that into `types.Kustomization` with unknown fields disallowed.
indirect enum GoJSONType: Sendable {
    case string(goName: String)
    case bool
    case integer(goName: String)
    /// `map[string]interface{}`: any value.
    case any
    case slice(of: GoJSONType, goName: String)
    case map(of: GoJSONType, goName: String)
    /// A struct (or a pointer to one); `fields` are the JSON names of its fields, embedded structs' fields promoted.
    case structure(goName: String, fields: [(String, GoJSONType)])

    /// The type as Go's errors print it.
    var goName: String {
        switch self {
        case .string(let name), .integer(let name), .slice(_, let name), .map(_, let name): return name
        case .bool: return "bool"
        case .any: return "interface {}"
        case .structure(let name, _): return "types.\(name)"
        }
    }

    static let string = GoJSONType.string(goName: "string")
    static let strings = GoJSONType.slice(of: .string, goName: "[]string")
    static let stringMap = GoJSONType.map(of: .string, goName: "map[string]string")

    static let gvk: [(String, GoJSONType)] = [("group", .string), ("version", .string), ("kind", .string)]
    static let resId: [(String, GoJSONType)] = gvk + [("name", .string), ("namespace", .string)]

    static func structure(_ name: String, _ fields: [(String, GoJSONType)]) -> GoJSONType {
        .structure(goName: name, fields: fields)
    }

    static let selector = structure("Selector", resId + [("annotationSelector", .string), ("labelSelector", .string)])
    static let patch = structure("Patch", [
        ("path", .string), ("patch", .string), ("target", selector),
        ("options", .map(of: .bool, goName: "map[string]bool")),
    ])
    static let generatorOptions = structure("GeneratorOptions", [
        ("labels", stringMap), ("annotations", stringMap), ("disableNameSuffixHash", .bool), ("immutable", .bool),
    ])
    static let generatorArgs: [(String, GoJSONType)] = [
        ("namespace", .string), ("name", .string), ("behavior", .string), ("literals", strings), ("files", strings),
        ("envs", strings), ("env", .string), ("options", generatorOptions),
    ]
    static let fieldSpec = structure("FieldSpec", gvk + [("path", .string), ("create", .bool)])
    static let fieldOptions = structure("FieldOptions", [
        ("delimiter", .string), ("index", .integer(goName: "int")), ("encoding", .string), ("create", .bool),
    ])
    static let replacement = structure("ReplacementField", [
        ("source", structure("SourceSelector", resId + [("fieldPath", .string), ("options", fieldOptions)])),
        ("targets", .slice(of: structure("TargetSelector", [
            ("select", selector), ("reject", .slice(of: selector, goName: "[]*types.Selector")),
            ("fieldPaths", strings), ("options", fieldOptions),
        ]), goName: "[]*types.TargetSelector")),
        ("path", .string),
    ])
    static let image = structure("Image", [
        ("name", .string), ("newName", .string), ("tagSuffix", .string), ("newTag", .string), ("digest", .string),
    ])
    static let helmChart = structure("HelmChart", [
        ("name", .string), ("version", .string), ("repo", .string), ("releaseName", .string), ("namespace", .string),
        ("additionalValuesFiles", strings), ("valuesFile", .string), ("valuesInline", .any), ("valuesMerge", .string),
        ("includeCRDs", .bool), ("skipHooks", .bool), ("apiVersions", strings), ("kubeVersion", .string),
        ("nameTemplate", .string), ("skipTests", .bool), ("debug", .bool),
    ])
    static let helmChartArgs = structure("HelmChartArgs", [
        ("chartName", .string), ("chartVersion", .string), ("chartRepoUrl", .string), ("chartHome", .string),
        ("chartRepoName", .string), ("helmBin", .string), ("helmHome", .string), ("values", .string),
        ("valuesLocal", .any), ("valuesMerge", .string), ("releaseName", .string), ("releaseNamespace", .string),
        ("extraArgs", strings),
    ])

    /// kustomize v5.5.0's `types.Kustomization`.
    static let kustomization = structure("Kustomization", [
        ("kind", .string), ("apiVersion", .string),
        ("metadata", structure("ObjectMeta", [("name", .string), ("namespace", .string), ("labels", stringMap), ("annotations", stringMap)])),
        ("openapi", stringMap),
        ("namePrefix", .string), ("nameSuffix", .string), ("namespace", .string),
        ("commonLabels", stringMap),
        ("labels", .slice(of: structure("Label", [
            ("pairs", stringMap), ("includeSelectors", .bool), ("includeTemplates", .bool),
            ("fields", .slice(of: fieldSpec, goName: "[]types.FieldSpec")),
        ]), goName: "[]types.Label")),
        ("commonAnnotations", stringMap),
        ("patchesStrategicMerge", .slice(of: .string(goName: "types.PatchStrategicMerge"), goName: "[]types.PatchStrategicMerge")),
        ("patchesJson6902", .slice(of: patch, goName: "[]types.Patch")),
        ("patches", .slice(of: patch, goName: "[]types.Patch")),
        ("images", .slice(of: image, goName: "[]types.Image")),
        ("imageTags", .slice(of: image, goName: "[]types.Image")),
        ("replacements", .slice(of: replacement, goName: "[]types.ReplacementField")),
        ("replicas", .slice(of: structure("Replica", [("name", .string), ("count", .integer(goName: "int64"))]), goName: "[]types.Replica")),
        ("vars", .slice(of: structure("Var", [
            ("name", .string),
            ("objref", structure("Target", [("apiVersion", .string)] + resId)),
            ("fieldref", structure("FieldSelector", [("fieldPath", .string)])),
        ]), goName: "[]types.Var")),
        ("sortOptions", structure("SortOptions", [
            ("order", .string(goName: "types.SortOrder")),
            ("legacySortOptions", structure("LegacySortOptions", [("orderFirst", strings), ("orderLast", strings)])),
        ])),
        ("resources", strings), ("components", strings), ("crds", strings), ("bases", strings),
        ("configMapGenerator", .slice(of: structure("ConfigMapArgs", generatorArgs), goName: "[]types.ConfigMapArgs")),
        ("secretGenerator", .slice(of: structure("SecretArgs", generatorArgs + [("type", .string)]), goName: "[]types.SecretArgs")),
        ("helmGlobals", structure("HelmGlobals", [("chartHome", .string), ("configHome", .string)])),
        ("helmCharts", .slice(of: helmChart, goName: "[]types.HelmChart")),
        ("helmChartInflationGenerator", .slice(of: helmChartArgs, goName: "[]types.HelmChartArgs")),
        ("generatorOptions", generatorOptions),
        ("configurations", strings), ("generators", strings), ("transformers", strings), ("validators", strings),
        ("buildMetadata", strings),
    ])
}
