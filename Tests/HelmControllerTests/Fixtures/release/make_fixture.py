#!/usr/bin/env python3
"""Builds a Helm 4 release record byte for byte the way Helm's Secrets storage driver encodes one.

Helm (pkg/storage/driver/util.go, encodeRelease):
  1. json.Marshal(release)  -- struct fields in declaration order (pkg/release/v1/{release,info,hook}.go,
     pkg/chart/v2/{chart,metadata,dependency}.go, pkg/chart/common/file.go), `omitempty` fields left out when empty,
     map keys sorted, []byte fields in standard base64, time.Time as RFC 3339 with nanoseconds (trailing zeros
     dropped), float64 in Go's shortest spelling, strings with Go's HTML-safe escaping (< > & as \\u003c \\u003e
     \\u0026, U+2028/U+2029 escaped, other non-ASCII as UTF-8).
  2. gzip.NewWriterLevel(&buf, gzip.BestCompression): header 1f 8b 08 (deflate), FLG 0, MTIME 0 (ModTime unset),
     XFL 2 (Go writes 2 for BestCompression), OS 255 (Go's default "unknown"); raw deflate; CRC-32 and ISIZE
     little-endian. (The deflate bytes of Go's compress/flate differ from zlib's; only the header and the decoded
     JSON are compared.)
  3. base64.StdEncoding.EncodeToString.
The Secret (pkg/storage/driver/secrets.go, newSecretsObject) holds that text as data["release"] (Kubernetes writes
[]byte as base64 again), type helm.sh/release.v1, labels name, owner=helm, status, version, createdAt (on Create)
and the release's own labels.

Nothing here is Helm's data: the release below is made up. Run it from this directory to regenerate the files:
  podinfo.v1.json      the JSON of step 1
  podinfo.v1.release   the text of step 3 (what Secret data["release"] decodes to)
  podinfo.v1.yaml      the Secret, for `kubectl apply`
"""
import base64
import struct
import zlib


def go_string(text):
    out = ['"']
    for ch in text:
        code = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == '\\':
            out.append('\\\\')
        elif ch == '\n':
            out.append('\\n')
        elif ch == '\r':
            out.append('\\r')
        elif ch == '\t':
            out.append('\\t')
        elif ch == '\b':
            out.append('\\b')
        elif ch == '\f':
            out.append('\\f')
        elif code < 0x20 or ch in '<>&' or code in (0x2028, 0x2029):
            out.append('\\u%04x' % code)
        else:
            out.append(ch)
    out.append('"')
    return ''.join(out)


class Struct:
    """A Go struct: fields in declaration order (a list of pairs), written as they are."""

    def __init__(self, *fields):
        self.fields = [(k, v) for k, v in fields if v is not OMIT]


OMIT = object()


def omitempty(value):
    return OMIT if value in ('', 0, False, None, [], {}) and value is not True else value


def go_json(value):
    if value is None:
        return 'null'
    if value is True:
        return 'true'
    if value is False:
        return 'false'
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        # Only values whose Go spelling equals Python's repr without a trailing ".0" are used below.
        text = repr(value)
        return text[:-2] if text.endswith('.0') else text
    if isinstance(value, str):
        return go_string(value)
    if isinstance(value, (bytes, bytearray)):
        return go_string(base64.b64encode(value).decode())
    if isinstance(value, list):
        return '[' + ','.join(go_json(v) for v in value) + ']'
    if isinstance(value, Struct):
        return '{' + ','.join(go_string(k) + ':' + go_json(v) for k, v in value.fields) + '}'
    if isinstance(value, dict):  # a Go map: keys sorted by their bytes
        keys = sorted(value, key=lambda k: k.encode())
        return '{' + ','.join(go_string(k) + ':' + go_json(value[k]) for k in keys) + '}'
    raise TypeError(value)


def file(name, data, modtime=None):
    return Struct(('name', name), ('data', data), ('modtime', modtime or OMIT))


deployment = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: podinfo
  labels:
    app.kubernetes.io/name: podinfo
spec:
  replicas: {{ .Values.replicaCount }}
"""

manifest = """---
# Source: podinfo/templates/service.yaml
apiVersion: v1
kind: Service
metadata:
  name: podinfo
spec:
  ports:
    - port: 9898
---
# Source: podinfo/templates/deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: podinfo
  labels:
    app.kubernetes.io/name: podinfo
spec:
  replicas: 2
"""

test_hook = """apiVersion: v1
kind: Pod
metadata:
  name: podinfo-grpc-test-x7k2p
  annotations:
    "helm.sh/hook": test
    "helm.sh/hook-delete-policy": before-hook-creation,hook-succeeded
spec:
  containers:
    - name: grpc
      image: podinfo:6.9.2
      command: ["grpc_health_probe", "-addr=podinfo:9999"]
"""

metadata = Struct(
    ('name', 'podinfo'),
    ('home', 'https://github.com/stefanprodan/podinfo'),
    ('sources', ['https://github.com/stefanprodan/podinfo']),
    ('version', '6.9.2'),
    ('description', 'Podinfo Helm chart for Kubernetes <tests & demos>'),
    ('keywords', ['podinfo', 'demo']),
    ('maintainers', [Struct(('name', 'stefanprodan'), ('email', 'stefanprodan@users.noreply.github.com'))]),
    ('icon', omitempty('')),
    ('apiVersion', 'v2'),
    ('condition', omitempty('')),
    ('tags', omitempty('')),
    ('appVersion', '6.9.2'),
    ('deprecated', omitempty(False)),
    ('annotations', {'artifacthub.io/license': 'Apache-2.0', 'artifacthub.io/changes': '- kind: added\n  description: gRPC'}),
    ('kubeVersion', '>=1.23.0-0'),
    ('dependencies', [Struct(('name', 'redis'), ('version', '~18.0.0'), ('repository', 'oci://registry.example/charts'),
                             ('condition', 'redis.enabled'), ('tags', OMIT), ('enabled', OMIT),
                             ('import-values', OMIT), ('alias', OMIT))]),
    ('type', 'application'),
)

chart = Struct(
    ('metadata', metadata),
    ('lock', None),
    ('templates', [file('templates/deployment.yaml', deployment.encode(), '2026-11-30T10:00:00Z'),
                   file('templates/service.yaml', b'apiVersion: v1\nkind: Service\n')]),
    ('values', {'replicaCount': 1, 'ratio': 0.25, 'redis': {'enabled': False}, 'ui': {'message': 'a <b> & c', 'color': '#34577c'},
                'big': 1e+21}),
    ('schema', b'{"type":"object"}'),
    ('schemamodtime', '0001-01-01T00:00:00Z'),
    ('files', [file('README.md', 'Podinfo \u2028 docs \u00e9\n'.encode())]),
    ('modtime', '2026-11-30T10:00:00Z'),
)

info = Struct(
    ('first_deployed', '2026-12-01T09:30:15.123456789Z'),
    ('last_deployed', '2026-12-01T09:30:15.123456789Z'),
    ('description', 'Install complete'),
    ('status', 'deployed'),
    ('notes', '1. Get the application URL: http://127.0.0.1:8080 && enjoy <3\n'),
)

release = Struct(
    ('name', 'podinfo'),
    ('info', info),
    ('chart', chart),
    ('config', {'replicaCount': 2, 'ui': {'message': 'hello <world>'}}),
    ('manifest', manifest),
    ('hooks', [Struct(
        ('name', 'podinfo-grpc-test-x7k2p'),
        ('kind', 'Pod'),
        ('path', 'podinfo/templates/tests/grpc.yaml'),
        ('manifest', test_hook),
        ('events', ['test']),
        ('last_run', Struct(('started_at', '2026-12-01T09:31:00.5+02:00'), ('completed_at', '2026-12-01T09:31:04.25+02:00'),
                            ('phase', 'Succeeded'))),
        ('weight', -5),
        ('delete_policies', ['before-hook-creation', 'hook-succeeded']),
    )]),
    ('version', 1),
    ('namespace', 'apps'),
    ('apply_method', 'ssa'),
)

json_bytes = go_json(release).encode()

compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
gzipped = (bytes([0x1F, 0x8B, 0x08, 0x00, 0, 0, 0, 0, 0x02, 0xFF])
           + compressor.compress(json_bytes) + compressor.flush()
           + struct.pack('<II', zlib.crc32(json_bytes) & 0xFFFFFFFF, len(json_bytes) & 0xFFFFFFFF))
encoded = base64.b64encode(gzipped).decode()

with open('podinfo.v1.json', 'wb') as out:
    out.write(json_bytes)
with open('podinfo.v1.release', 'w') as out:
    out.write(encoded)
with open('podinfo.v1.yaml', 'w') as out:
    out.write(f"""apiVersion: v1
kind: Secret
metadata:
  name: sh.helm.release.v1.podinfo.v1
  labels:
    name: podinfo
    owner: helm
    status: deployed
    version: "1"
    createdAt: "1796117415"
    team: blue
type: helm.sh/release.v1
data:
  release: {base64.b64encode(encoded.encode()).decode()}
""")
