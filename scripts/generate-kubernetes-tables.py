#!/usr/bin/env python3
"""Generates SluiceSchema's table of Kubernetes' built-in kinds and its definitions resource.

Sources (both in ../shared/schemas, neither needed to build: the outputs are committed):
  - kubernetes-v1.32.0-definitions.json.gz: every built-in type's schema of Kubernetes v1.32.0 (JSON Schema
    draft 2020-12 form of its OpenAPI definitions: "$defs", nullable types, x-kubernetes-* extensions).
  - kubernetes-discovery-aggregated-v2.json.gz: Kubernetes' aggregated discovery (apidiscovery.k8s.io/v2) of the
    named groups: resources, scope, short names, categories, subresources, verbs.

Outputs:
  - Sources/SluiceSchema/BuiltInKinds+Table.swift: one BuiltInKind per resource and group version.
  - Sources/SluiceSchema/Resources/kubernetes-definitions.json: {"definitions": {NAME: schema}}, compact, in the
    shape of Kubernetes' own OpenAPI v3 (single "type", "$ref": "#/definitions/NAME", IntOrString and Quantity as a
    "oneOf" of types), keeping only what validation and `kubectl explain` need.

The core group ("" v1) is not in the discovery document: its kinds come from the definitions'
x-kubernetes-group-version-kind, minus lists, non-resources and subresource-only kinds; their short names, scope,
categories, subresources and verbs are not in either document and come from `kubectl api-resources -o wide` of
Kubernetes 1.32 (CORE below). The discovery document lists a few resources whose v1.32.0 definitions no longer
exist (removed before 1.32: v1alpha1 ValidatingAdmissionPolicy*, flowcontrol v1beta3, resource.k8s.io v1alpha3's
1.30 kinds); they are left out, and v1.32 kinds the discovery document lacks are added from EXTRA.

Run: python3 scripts/generate-kubernetes-tables.py          (writes the outputs)
     python3 scripts/generate-kubernetes-tables.py --check  (exits 1 when the committed outputs differ)
"""
import gzip
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCHEMAS = os.path.join(ROOT, "..", "shared", "schemas")
DEFINITIONS_SOURCE = "kubernetes-v1.32.0-definitions.json.gz"
DISCOVERY_SOURCE = "kubernetes-discovery-aggregated-v2.json.gz"
TABLE_TARGET = os.path.join(ROOT, "Sources", "SluiceSchema", "BuiltInKinds+Table.swift")
DEFINITIONS_TARGET = os.path.join(ROOT, "Sources", "SluiceSchema", "Resources", "kubernetes-definitions.json")
SOURCE_REF = "#/$defs/"
TARGET_REF = "#/definitions/"

STANDARD_VERBS = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]

# The core group's resources, from `kubectl api-resources -o wide` of Kubernetes 1.32 (not in either document):
# kind: (namespaced, short names, categories, subresources, verbs).
CORE = {
    "ComponentStatus": (False, ["cs"], [], [], ["get", "list"]),
    "ConfigMap": (True, ["cm"], [], [], STANDARD_VERBS),
    "Endpoints": (True, ["ep"], [], [], STANDARD_VERBS),
    "Event": (True, ["ev"], [], [], STANDARD_VERBS),
    "LimitRange": (True, ["limits"], [], [], STANDARD_VERBS),
    "Namespace": (False, ["ns"], [], ["finalize", "status"], ["create", "delete", "get", "list", "patch", "update", "watch"]),
    "Node": (False, ["no"], [], ["proxy", "status"], STANDARD_VERBS),
    "PersistentVolume": (False, ["pv"], [], ["status"], STANDARD_VERBS),
    "PersistentVolumeClaim": (True, ["pvc"], [], ["status"], STANDARD_VERBS),
    "Pod": (True, ["po"], ["all"],
            ["attach", "binding", "ephemeralcontainers", "eviction", "exec", "log", "portforward", "proxy", "status"],
            STANDARD_VERBS),
    "PodTemplate": (True, [], [], [], STANDARD_VERBS),
    "ReplicationController": (True, ["rc"], ["all"], ["scale", "status"], STANDARD_VERBS),
    "ResourceQuota": (True, ["quota"], [], ["status"], STANDARD_VERBS),
    "Secret": (True, [], [], [], STANDARD_VERBS),
    "ServiceAccount": (True, ["sa"], [], ["token"], STANDARD_VERBS),
    "Service": (True, ["svc"], ["all"], ["proxy", "status"], STANDARD_VERBS),
}

# Types with a group-version-kind that are not resources one creates: options, statuses, events of a watch, and
# kinds that only exist as a subresource's body.
NOT_RESOURCES = {"APIGroup", "APIVersions", "APIResourceList", "APIGroupList", "DeleteOptions", "Status", "WatchEvent",
                 "Binding", "Eviction", "Scale", "TokenRequest"}

# Kubernetes v1.32 kinds (alpha and beta, off by default) that the discovery document does not list:
# kind: (namespaced, subresources), as `kubectl api-resources` of 1.32 with the versions enabled shows them.
EXTRA = {
    ("admissionregistration.k8s.io", "v1alpha1", "MutatingAdmissionPolicy"): (False, []),
    ("admissionregistration.k8s.io", "v1alpha1", "MutatingAdmissionPolicyBinding"): (False, []),
    ("coordination.k8s.io", "v1alpha2", "LeaseCandidate"): (True, []),
    ("resource.k8s.io", "v1alpha3", "DeviceClass"): (False, []),
    ("resource.k8s.io", "v1beta1", "DeviceClass"): (False, []),
    ("resource.k8s.io", "v1beta1", "ResourceClaim"): (True, ["status"]),
    ("resource.k8s.io", "v1beta1", "ResourceClaimTemplate"): (True, []),
    ("resource.k8s.io", "v1beta1", "ResourceSlice"): (False, []),
    ("storage.k8s.io", "v1beta1", "VolumeAttributesClass"): (False, []),
}

# Schema keys kept (after the renames below); everything else (examples, titles, $schema) is dropped.
KEPT = {"description", "type", "format", "properties", "required", "items", "additionalProperties", "enum",
        "$ref", "default", "oneOf", "anyOf", "allOf", "nullable"}


# Fields the published schema marks required (their Go field has no `omitempty`) that Kubernetes' own validation lets
# a client leave out, so a real cluster accepts the object: dropped from `required` so that the server and
# `sluice validate` accept what Kubernetes accepts.
REQUIRED_ONLY_IN_SCHEMA = {
    "io.k8s.api.apps.v1.StatefulSetSpec": {"serviceName"},
}


def load(name):
    with gzip.open(os.path.join(SCHEMAS, name)) as handle:
        return json.load(handle)


def plural(kind):
    """Kubernetes' default plural (UnsafeGuessKindToResource): lower case, then -s/-es/-ies."""
    lower = kind.lower()
    if lower.endswith("endpoints"):
        return lower
    if lower.endswith("s") or lower.endswith("x") or lower.endswith("z") or lower.endswith("ch") or lower.endswith("sh"):
        return lower + "es"
    if lower.endswith("y") and len(lower) > 1 and lower[-2] not in "aeiou":
        return lower[:-1] + "ies"
    return lower + "s"


def version_priority(version):
    """Kubernetes' version order (GA over beta over alpha, higher numbers first) as a sort key, smallest first."""
    match = re.fullmatch(r"v(\d+)(?:(alpha|beta)(\d+))?", version)
    if not match:
        return (3, 0, 0, version)
    stage = {None: 0, "beta": 1, "alpha": 2}[match.group(2)]
    return (stage, -int(match.group(1)), -int(match.group(3) or 0), version)


def convert(schema, where):
    """One schema in the shape of Kubernetes' OpenAPI v3: single types, its refs, a oneOf of types for IntOrString
    (with its format "int-or-string", as Kubernetes' v3 document) and Quantity."""
    if not isinstance(schema, dict):
        raise SystemExit(f"{where}: a schema that is not an object")
    one_of = schema.get("oneOf")
    if isinstance(one_of, list) and all(isinstance(item, dict) and set(item) == {"type"} for item in one_of):
        types = []
        for item in one_of:
            for t in item["type"] if isinstance(item["type"], list) else [item["type"]]:
                if t != "null" and t not in types:
                    types.append(t)
        if sorted(types) == ["integer", "string"]:
            types = ["integer", "string"]
        schema = dict(schema)
        schema["oneOf"] = [{"type": t} for t in types]
        if types == ["integer", "string"]:
            schema["format"] = "int-or-string"
    out = {}
    for key, value in schema.items():
        if key == "type":
            types = [t for t in (value if isinstance(value, list) else [value]) if t != "null"]
            if len(types) == 1:
                out["type"] = types[0]
            elif types:
                raise SystemExit(f"{where}: several types {types}")
        elif key == "$ref":
            if not value.startswith(SOURCE_REF):
                raise SystemExit(f"{where}: a reference outside the document: {value}")
            out["$ref"] = TARGET_REF + value[len(SOURCE_REF):]
        elif key == "properties":
            out["properties"] = {name: convert(sub, f"{where}.{name}") for name, sub in value.items()}
        elif key == "items" or (key == "additionalProperties" and isinstance(value, dict)):
            out[key] = convert(value, f"{where}[]")
        elif key in ("oneOf", "anyOf", "allOf"):
            out[key] = [convert(sub, f"{where}|") for sub in value]
        elif key.startswith("x-kubernetes-") or key in KEPT:
            out[key] = value
    return out


def definitions_document(source):
    definitions = {}
    for name, schema in sorted(source["$defs"].items()):
        converted = convert(schema, name)
        # The converter put each kind's apiVersion and kind as one-value enums; Kubernetes' documents have none.
        for field in ("apiVersion", "kind"):
            converted.get("properties", {}).get(field, {}).pop("enum", None)
        if name in REQUIRED_ONLY_IN_SCHEMA and "required" in converted:
            converted["required"] = [f for f in converted["required"] if f not in REQUIRED_ONLY_IN_SCHEMA[name]]
            if not converted["required"]:
                del converted["required"]
        definitions[name] = converted
    return {"definitions": definitions}


def kinds_of(source):
    """(group, version, kind) to definition name; List types and multi-kind types (DeleteOptions) left out."""
    out = {}
    for name, schema in source["$defs"].items():
        gvks = schema.get("x-kubernetes-group-version-kind", [])
        if len(gvks) != 1:
            continue
        gvk = gvks[0]
        out[(gvk["group"], gvk["version"], gvk["kind"])] = name
    return out


def table(definitions, discovery):
    by_gvk = kinds_of(definitions)
    rows = []
    for group in discovery["items"]:
        group_name = group["metadata"]["name"]
        for version in group["versions"]:
            for resource in version["resources"]:
                kind = resource["responseKind"]["kind"]
                definition = by_gvk.get((group_name, version["version"], kind))
                if definition is None:
                    continue  # listed by the (older) discovery document but gone from v1.32.0
                rows.append({
                    "group": group_name, "version": version["version"], "kind": kind,
                    "plural": resource["resource"], "singular": resource.get("singularResource", kind.lower()),
                    "namespaced": resource["scope"] == "Namespaced",
                    "shortNames": resource.get("shortNames", []), "categories": resource.get("categories", []),
                    "subresources": sorted(s["subresource"] for s in resource.get("subresources", [])),
                    "verbs": sorted(resource.get("verbs", [])), "definition": definition,
                })
    for (group, version, kind), definition in sorted(by_gvk.items()):
        if group != "" or kind.endswith("List") or kind in NOT_RESOURCES:
            continue
        if kind not in CORE:
            raise SystemExit(f"core kind {kind} has no entry in CORE (add it from `kubectl api-resources`)")
        namespaced, short, categories, subresources, verbs = CORE[kind]
        rows.append({"group": "", "version": version, "kind": kind, "plural": plural(kind), "singular": kind.lower(),
                     "namespaced": namespaced, "shortNames": short, "categories": categories,
                     "subresources": sorted(subresources), "verbs": sorted(verbs), "definition": definition})
    listed = {(row["group"], row["version"], row["kind"]) for row in rows}
    for gvk, (namespaced, subresources) in sorted(EXTRA.items()):
        if gvk in listed:
            continue
        definition = by_gvk.get(gvk)
        if definition is None:
            raise SystemExit(f"EXTRA names {gvk}, which has no definition")
        rows.append({"group": gvk[0], "version": gvk[1], "kind": gvk[2], "plural": plural(gvk[2]),
                     "singular": gvk[2].lower(), "namespaced": namespaced, "shortNames": [], "categories": [],
                     "subresources": sorted(subresources), "verbs": STANDARD_VERBS, "definition": definition})
    # The preferred version of each group's kind, as Kubernetes 1.32 orders versions (autoscaling/v2 over v1).
    best = {}
    for row in rows:
        key = (row["group"], row["kind"])
        if key not in best or version_priority(row["version"]) < version_priority(best[key]):
            best[key] = row["version"]
    for row in rows:
        row["preferred"] = best[(row["group"], row["kind"])] == row["version"]
    rows.sort(key=lambda row: (row["group"], version_priority(row["version"]), row["kind"]))
    return rows


def swift_strings(values):
    return "[" + ", ".join(json.dumps(value) for value in values) + "]"


def table_source(rows):
    lines = [
        "// generated by scripts/generate-kubernetes-tables.py from ../shared/schemas/" + DISCOVERY_SOURCE,
        "// and ../shared/schemas/" + DEFINITIONS_SOURCE + " (Kubernetes v1.32.0); do not edit.",
        "// The core group's short names, scope, subresources and verbs come from `kubectl api-resources` of Kubernetes 1.32.",
        "",
        "extension BuiltInKinds {",
        "    /// Every built-in resource at every group version Kubernetes v1.32 serves (with its alpha and beta versions).",
        "    static let table: [BuiltInKind] = [",
    ]
    for row in rows:
        lines.append(
            "        BuiltInKind(group: {group}, version: {version}, kind: {kind}, plural: {plural}, singular: {singular}, "
            "namespaced: {namespaced}, shortNames: {short}, categories: {categories}, subresources: {subresources}, "
            "verbs: {verbs}, preferred: {preferred}, definition: {definition}),".format(
                group=json.dumps(row["group"]), version=json.dumps(row["version"]), kind=json.dumps(row["kind"]),
                plural=json.dumps(row["plural"]), singular=json.dumps(row["singular"]),
                namespaced="true" if row["namespaced"] else "false", short=swift_strings(row["shortNames"]),
                categories=swift_strings(row["categories"]), subresources=swift_strings(row["subresources"]),
                verbs=swift_strings(row["verbs"]), preferred="true" if row["preferred"] else "false",
                definition=json.dumps(row["definition"])))
    lines += ["    ]", "}", ""]
    return "\n".join(lines)


def outputs():
    definitions = load(DEFINITIONS_SOURCE)
    discovery = load(DISCOVERY_SOURCE)
    document = definitions_document(definitions)
    document["x-generated"] = ("generated by scripts/generate-kubernetes-tables.py from ../shared/schemas/"
                               + DEFINITIONS_SOURCE + "; do not edit")
    resource = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False) + "\n"
    return {TABLE_TARGET: table_source(table(definitions, discovery)), DEFINITIONS_TARGET: resource}


def main(arguments):
    check = "--check" in arguments
    if not os.path.isdir(SCHEMAS):
        print(f"{SCHEMAS} is absent: nothing to generate from", file=sys.stderr)
        return 2
    differing = []
    for path, text in outputs().items():
        current = None
        if os.path.exists(path):
            with open(path, encoding="utf-8") as handle:
                current = handle.read()
        if current == text:
            continue
        if check:
            differing.append(os.path.relpath(path, ROOT))
        else:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(text)
            print(f"wrote {os.path.relpath(path, ROOT)}")
    if differing:
        print("out of date (run python3 scripts/generate-kubernetes-tables.py): " + ", ".join(differing), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
