#!/usr/bin/env python3
"""Writes Sources/SluiceAPIServer/ProtobufTable+Data.swift: the wire layout of every built-in Kubernetes message.

The API server decodes the protobuf bodies kubectl's typed clients send (`k8s\\0` + runtime.Unknown) with this table.
The wire format is interoperability data; it is read from Kubernetes' own files, never typed by hand:

  * `generated.proto` of k8s.io/api and of apimachinery's meta/v1, runtime, util/intstr and api/resource:
    messages, field numbers, wire types, repeated/map fields and message types;
  * the Go types beside them (`types.go` and friends): each field's JSON name, `omitempty`, whether it is a
    pointer (a pointer present on the wire with a zero value was set explicitly) and `json:",inline"` embedding;
  * `register.go`: the API group of each package.

Usage: scripts/generate-protobuf-table.py [API_REPO_GIT_DIR [APIMACHINERY_GIT_DIR]]
(defaults: /work/.mirror/kubernetes+api/repo and /work/.mirror/kubernetes+apimachinery/repo, bare git mirrors).

Output format, one line each (parsed by ProtobufTable at first use):
  G <apiVersion> <proto package>            a served group version
  M <message> [A]                           a message; A: its Go type is a slice, its JSON an array of field 1
  F <number> <json name or -> <type> <flags>   a field of the message above
Types: s string, b bool, i signed varint, u unsigned varint, d double, f float, B bytes (base64), R raw JSON bytes,
T Time, t MicroTime, D Duration, I IntOrString, Q Quantity, m:<message> a message, k<key>:<value> a map.
Flags: r repeated, p Go pointer, o omitempty, n inline; '.' for none.
"""
import os
import re
import subprocess
import sys

API = sys.argv[1] if len(sys.argv) > 1 else "/work/.mirror/kubernetes+api/repo"
MACHINERY = sys.argv[2] if len(sys.argv) > 2 else "/work/.mirror/kubernetes+apimachinery/repo"
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Sources", "SluiceAPIServer", "ProtobufTable+Data.swift")

SPECIAL = {
    "k8s.io.apimachinery.pkg.apis.meta.v1.Time": "T",
    "k8s.io.apimachinery.pkg.apis.meta.v1.MicroTime": "t",
    "k8s.io.apimachinery.pkg.apis.meta.v1.Duration": "D",
    "k8s.io.apimachinery.pkg.apis.meta.v1.FieldsV1": "R",
    "k8s.io.apimachinery.pkg.runtime.RawExtension": "R",
    "k8s.io.apimachinery.pkg.util.intstr.IntOrString": "I",
    "k8s.io.apimachinery.pkg.api.resource.Quantity": "Q",
}
SCALARS = {"string": "s", "bool": "b", "int32": "i", "int64": "i", "sint32": "i", "sint64": "i", "uint32": "u",
           "uint64": "u", "double": "d", "float": "f", "bytes": "B"}


def git(repo, *args):
    return subprocess.run(["git", "--git-dir=" + repo, *args], check=True, capture_output=True, text=True).stdout


def files(repo):
    return git(repo, "ls-tree", "-r", "HEAD", "--name-only").splitlines()


def show(repo, path):
    return git(repo, "show", "HEAD:" + path)


FIELD = re.compile(r"^\s*(optional|repeated)\s+(\S+)\s+(\w+)\s*=\s*(\d+)\s*;")
MAP = re.compile(r"^\s*map<\s*(\S+)\s*,\s*(\S+)\s*>\s+(\w+)\s*=\s*(\d+)\s*;")


def parse_proto(text):
    package = re.search(r"^package\s+([\w.]+);", text, re.M).group(1)
    messages = {}
    current = None
    for line in text.splitlines():
        m = re.match(r"^message\s+(\w+)\s*{", line)
        if m:
            current = messages.setdefault(m.group(1), [])
            continue
        if line.startswith("}"):
            current = None
            continue
        if current is None:
            continue
        m = FIELD.match(line)
        if m:
            current.append({"label": m.group(1), "type": m.group(2), "name": m.group(3), "number": int(m.group(4))})
            continue
        m = MAP.match(line)
        if m:
            current.append({"label": "map", "key": m.group(1), "type": m.group(2), "name": m.group(3), "number": int(m.group(4))})
    return package, messages


GO_FIELD = re.compile(r"^\s*(?:(\w+)\s+)?([\w.\[\]*]+(?:\[[\w.\[\]*]+\][\w.\[\]*]+)?)\s+`([^`]*)`")


def parse_go(texts):
    """struct name -> {field number: (json name, omitempty, pointer, inline)}; and the names of slice types."""
    structs = {}
    slices = set()
    for text in texts:
        current = None
        for line in text.splitlines():
            m = re.match(r"^type\s+(\w+)\s+struct\s*{", line)
            if m:
                current = structs.setdefault(m.group(1), {})
                continue
            m = re.match(r"^type\s+(\w+)\s+\[\]", line)
            if m:
                slices.add(m.group(1))
                continue
            if re.match(r"^}", line):
                current = None
                continue
            if current is None:
                continue
            m = GO_FIELD.match(line)
            if not m:
                continue
            go_type, tag = m.group(2), m.group(3)
            proto = re.search(r'protobuf:"([^"]*)"', tag)
            if not proto:
                continue
            parts = proto.group(1).split(",")
            if len(parts) < 2 or not parts[1].isdigit():
                continue
            number = int(parts[1])
            js = re.search(r'json:"([^"]*)"', tag)
            json_parts = js.group(1).split(",") if js else [""]
            current[number] = (json_parts[0], "omitempty" in json_parts[1:], go_type.startswith("*"),
                               "inline" in json_parts[1:])
    return structs, slices


def type_code(proto_type, package):
    if proto_type in SCALARS:
        return SCALARS[proto_type]
    full = proto_type[1:] if proto_type.startswith(".") else package + "." + proto_type
    return SPECIAL.get(full, "m:" + full)


def main():
    sources = []  # (repo, directory, proto path)
    for path in files(API):
        if path.endswith("/generated.proto"):
            sources.append((API, os.path.dirname(path), path))
    for d in ["pkg/apis/meta/v1", "pkg/runtime", "pkg/util/intstr", "pkg/api/resource"]:
        sources.append((MACHINERY, d, d + "/generated.proto"))
    lines = []
    groups = []
    for repo, directory, proto_path in sources:
        package, messages = parse_proto(show(repo, proto_path))
        listing = [p for p in files(repo) if os.path.dirname(p) == directory and p.endswith(".go")
                   and not p.endswith("_test.go") and not os.path.basename(p).startswith(("zz_generated", "generated."))
                   and "swagger_doc" not in p]
        structs, slices = parse_go([show(repo, p) for p in listing])
        if repo == API and directory + "/register.go" in listing:
            group = re.search(r'GroupName\s*=\s*"([^"]*)"', show(repo, directory + "/register.go"))
            if group:
                version = directory.split("/")[-1]
                groups.append("G %s %s" % (version if group.group(1) == "" else group.group(1) + "/" + version, package))
        for name in sorted(messages):
            full = package + "." + name
            if full in SPECIAL:
                continue
            lines.append("M %s%s" % (full, " A" if name in slices else ""))
            go = structs.get(name, {})
            for field in messages[name]:
                json_name, omitempty, pointer, inline = go.get(field["number"], (field["name"], True, False, False))
                code = type_code(field["type"], package)
                flags = ""
                if field["label"] == "map":
                    code = "k%s:%s" % (type_code(field["key"], package), code)
                elif field["label"] == "repeated":
                    flags += "r"
                flags += ("p" if pointer else "") + ("o" if omitempty else "") + ("n" if inline else "")
                lines.append("F %d %s %s %s" % (field["number"], json_name or "-", code, flags or "."))
    body = "\n".join(groups + lines)
    api_commit = git(API, "rev-parse", "HEAD").strip()
    machinery_commit = git(MACHINERY, "rev-parse", "HEAD").strip()
    with open(OUT, "w") as out:
        out.write("// Generated by scripts/generate-protobuf-table.py; do not edit.\n")
        out.write("// Source: kubernetes/api %s and kubernetes/apimachinery %s\n" % (api_commit, machinery_commit))
        out.write("// (generated.proto, the Go types' json/protobuf tags and register.go). The wire format is interoperability data.\n\n")
        out.write("extension ProtobufTable {\n    /// The table's text (see the generator's docstring for its format).\n")
        out.write("    static let text = #\"\"\"\n")
        out.write(body)
        out.write("\n\"\"\"#\n}\n")
    print("wrote %s: %d groups, %d lines, %d bytes" % (OUT, len(groups), len(lines), len(body)))


main()
