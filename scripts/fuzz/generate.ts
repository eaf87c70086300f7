import type {MeshName} from '../../sim/compile/index.js'
import type {Random} from './random.js'
import type {Seed} from './seeds.js'

/** One fuzz input: a policy set's text, the simulated mesh, the client and the request typed in its pod. */
export interface FuzzCase {
  seed: string
  mesh: MeshName
  text: string
  from: string
  request: string
}

const MESHES: readonly MeshName[] = ['osm', 'osm-edge', 'istio']

/** Values that change meaning, type or validity: ports, protocols, hosts, CIDRs, YAML 1.1 scalars, anchors. */
const SCALARS = [
  '0',
  '-1',
  '1',
  '65535',
  '65536',
  '4294967296',
  '1e3',
  '0x50',
  '0o17',
  '012',
  '1_000',
  '8:0',
  'http',
  'HTTP',
  'https',
  'tcp',
  'tcp-server-first',
  'grpc',
  'TLS',
  'HTTP2',
  'MONGO',
  '*',
  '*.example.com',
  '*.*',
  'httpbin.org',
  'httpbin.org.',
  'bücher.example',
  '[::1]',
  '10.0.0.0/8',
  '10.0.0.1',
  '300.1.1.1/24',
  '::1/128',
  '0.0.0.0/0',
  'null',
  '~',
  '[]',
  '{}',
  '""',
  "''",
  'true',
  'yes',
  'on',
  'off',
  'No',
  'REGISTRY_ONLY',
  'ALLOW_ANY',
  'DNS',
  'STATIC',
  'NONE',
  'MESH_EXTERNAL',
  'MESH_INTERNAL',
  'SIMPLE',
  'ISTIO_MUTUAL',
  'PASSTHROUGH',
  'mesh',
  '/get',
  '(',
  '.*',
  'ServiceAccount',
  'Pod',
  'Bad_Name',
  '-x',
  'a'.repeat(300),
  '&a x',
  '*a',
  '!!str 1',
  '!!binary aGk=',
  '|',
  '>-',
  '- a',
  '{a: [b, {c: d}]}',
  '1.2.3.4, 001:db8::',
  '5s',
  '0s',
  '-5s',
  '1h',
  '0.5',
  '"\\u0000"',
  '"\\t"',
]

/** Pieces of RE2 and of other dialects: classes, Unicode, anchors, flags, and what RE2 rejects (backreferences, lookaround). */
const REGEX_ATOMS = [
  'a',
  'b',
  '/',
  'get',
  'x',
  '-',
  '_',
  '\\.',
  '.',
  '\\d',
  '\\w',
  '\\s',
  '\\S',
  '[a-z]',
  '[^/]',
  '[^\\:]',
  '[[:alpha:]]',
  '[[:digit:]]',
  '[[:^space:]]',
  '\\pL',
  '\\PL',
  '\\p{Greek}',
  '\\p{L}',
  '\\Q.*\\E',
  '\\A',
  '\\z',
  '\\Z',
  '^',
  '$',
  '\\b',
  '\\B',
  '(?i)',
  '(?s)',
  '(?m)',
  '(?U)',
  '\\x41',
  '\\x{263a}',
  '\\1',
  '(?=a)',
  '(?!a)',
  '(?<=a)',
  '(?<n>a)',
  '(?P<n>a)',
  '[',
  ')',
  '*',
  '\\',
  '\\C',
  '[z-a]',
  '{2}',
  'ü',
  '%2F',
  '\\/',
  '\\n',
  '[\\d-z]',
  '(?i:ab)',
  '\\Ka',
  '\\G',
  '[[:word:]]',
]
const QUANTIFIERS = ['*', '+', '?', '{2}', '{1,3}', '{0,}', '*?', '+?', '{1001}', '{2,1}', '']

export function regex(r: Random, depth = 0): string {
  if (depth > 2 || r.chance(0.35)) return r.pick(REGEX_ATOMS) + (r.chance(0.3) ? r.pick(QUANTIFIERS) : '')
  const parts = Array.from({length: 1 + r.int(4)}, () => regex(r, depth + 1))
  const shape = r.int(5)
  if (shape === 0) return parts.join('|')
  if (shape === 1) return `(${parts.join('')})${r.pick(QUANTIFIERS)}`
  if (shape === 2) return `(?:${parts.join('')})${r.pick(QUANTIFIERS)}`
  if (shape === 3) return `(${parts[0]}+)+${parts.slice(1).join('')}`
  return parts.join('')
}

/** A regex as a YAML scalar: mostly quoted (so it survives), sometimes raw (so YAML itself is exercised). */
function yamlScalar(r: Random, s: string): string {
  return r.chance(0.85) ? JSON.stringify(s) : r.chance(0.5) ? `'${s}'` : s
}

/** A document set that puts random regexes into route matches for the mesh. */
function regexDocs(r: Random, mesh: MeshName, from: string): string {
  const [ns, sa] = from.split('/')
  const path = yamlScalar(r, r.chance(0.7) ? '/' + regex(r) : regex(r))
  const header = yamlScalar(r, regex(r))
  const host = r.pick(['httpbin.org', 'edition.cnn.com', 'a.example.com'])
  if (mesh === 'istio') {
    return `apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: fuzz-se, namespace: ${ns}}
spec:
  hosts: [${host}]
  ports: [{number: 80, name: http, protocol: HTTP}]
  resolution: DNS
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: fuzz-vs, namespace: ${ns}}
spec:
  hosts: [${host}]
  http:
  - match:
    - uri: {regex: ${path}}
      headers: {x-h: {regex: ${header}}}
    - authority: {regex: ${yamlScalar(r, regex(r))}}
      queryParams: {q: {regex: ${yamlScalar(r, regex(r))}}}
    route: [{destination: {host: ${host}}}]
`
  }
  return `apiVersion: specs.smi-spec.io/v1alpha4
kind: HTTPRouteGroup
metadata: {name: fuzz-routes, namespace: ${ns}}
spec:
  matches:
  - name: m
    pathRegex: ${path}
    methods: [${r.pick(['GET', '"*"', 'POST'])}]
    headers: [{x-h: ${header}}]
---
kind: Egress
apiVersion: policy.openservicemesh.io/v1alpha1
metadata: {name: fuzz-egress, namespace: ${ns}}
spec:
  sources: [{kind: ServiceAccount, name: ${sa}, namespace: ${ns}}]
  hosts: [${host}]
  ports: [{number: 80, protocol: http}]
  matches: [{apiGroup: specs.smi-spec.io/v1alpha4, kind: HTTPRouteGroup, name: fuzz-routes}]
`
}

/** One line-level or text-level change: structure breaks as well as values. */
function mutate(r: Random, text: string, mesh: MeshName, from: string): string {
  const lines = text.split('\n')
  const at = r.int(Math.max(1, lines.length))
  switch (r.int(10)) {
    case 0:
      lines.splice(at, 1)
      break
    case 1:
      lines.splice(at, 0, lines[at] ?? '')
      break
    case 2:
    case 3:
      lines[at] = (lines[at] ?? '').replace(/:\s.*$|-\s.*$/, (s) => s.slice(0, 2) + r.pick(SCALARS))
      break
    case 4: {
      const by = r.pick([-4, -2, -1, 1, 2, 4])
      lines[at] = by > 0 ? ' '.repeat(by) + lines[at] : (lines[at] ?? '').slice(-by)
      break
    }
    case 5: {
      const other = r.int(lines.length)
      ;[lines[at], lines[other]] = [lines[other], lines[at]]
      break
    }
    case 6:
      lines[at] = (lines[at] ?? '').replace(/(regex|pathRegex|prefix|exact):\s.*$/, (_s, key: string) => `${key}: ${yamlScalar(r, regex(r))}`)
      break
    case 7:
      return text + '\n---\n' + regexDocs(r, mesh, from)
    case 8:
      return text.slice(0, r.int(text.length + 1))
    default: {
      const pos = r.int(text.length + 1)
      return text.slice(0, pos) + r.pick([':', '-', '{', '[', '"', "'", '#', '&', '*', '!', '|', '\t', '\u0000', '\ufeff', '\n---\n', '<<: *a\n']) + text.slice(pos)
    }
  }
  return lines.join('\n')
}

const HOSTS = [
  'httpbin.org',
  'HTTPBIN.ORG',
  'edition.cnn.com',
  'www.google.com',
  'a.example.com',
  'db.example.com',
  '10.1.2.3',
  '[2001:db8::1]',
  'httpbin.org.',
  'bücher.example',
  'x',
]
const PATHS = ['/', '/get', '/status/200', '/politics', '/a', '/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab', '/A/b', '/:]', '/xz', '/x', '/%2F', '/ü', '/get?x=1', '/.*', '//', '/a/../b']

/** A request as typed in the pod: the seed's own, a composed curl/nc/openssl command, or garbage. */
function request(r: Random, seed: Seed, text: string): string {
  const hostsInText = [...new Set(text.match(/[a-z0-9-]+(\.[a-z0-9-]+)+\.(org|com|io|net|local)/g) ?? [])]
  const host = r.chance(0.6) && hostsInText.length > 0 ? r.pick(hostsInText) : r.pick(HOSTS)
  const port = r.chance(0.9) ? r.pick(['', ':80', ':443', ':8080', ':3306']) : r.pick([':65535', ':0', ':99999', `:${1 + r.int(65535)}`])
  const path = r.chance(0.1) ? '/' + encodeURI(regex(r)) : r.pick(PATHS)
  const choice = r.int(10)
  if (choice < 2 && seed.requests.length > 0) return r.pick(seed.requests)
  if (choice < 7) {
    const flags = [
      r.chance(0.2) ? `-X ${r.pick(['GET', 'POST', 'DELETE', 'CONNECT', 'get', 'BREW'])}` : '',
      r.chance(0.2) ? `-H "x-h: ${r.pick(['a', 'abc', '', 'team-1', 'ü'])}"` : '',
      r.chance(0.1) ? `--resolve ${host}:${port.slice(1) || 80}:${r.pick(['10.0.0.5', '34.194.129.11', '::1', '300.1.1.1'])}` : '',
      r.chance(0.1) ? r.pick(['--http1.0', '--http2', '-k', '--max-time 1', '-sI', '-g', '--connect-timeout 2']) : '',
    ].filter(Boolean)
    return ['curl', ...flags, `${r.chance(0.95) ? r.pick(['http', 'https']) : r.pick(['HTTP', 'ftp', 'telnet'])}://${host}${port}${path}`].join(' ')
  }
  if (choice === 7) return r.pick([`nc ${host} ${port.slice(1) || 80}`, `openssl s_client -connect ${host}${port || ':443'} -servername ${r.pick(HOSTS)}`, `${host}${port}`])
  if (choice === 8) return `https://${host}${port}${path}`
  if (r.chance(0.5)) return r.pick(seed.requests.length > 0 ? seed.requests : ['curl http://httpbin.org/get'])
  return Array.from({length: r.int(30)}, () => String.fromCharCode(32 + r.int(95))).join('')
}

export function generateCase(r: Random, seeds: readonly Seed[]): FuzzCase {
  const seed = r.pick(seeds)
  const mesh = r.chance(0.85) ? seed.mesh : r.pick(MESHES)
  const from = r.chance(0.9) ? seed.from : r.pick(['default/default', 'curl/curl', 'sleep/sleep', 'app/api'])
  let text = seed.text
  for (let n = r.int(5); n > 0; n--) text = mutate(r, text, mesh, from)
  return {seed: seed.name, mesh, text, from, request: request(r, seed, text)}
}
