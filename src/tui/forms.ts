import {parseDocument} from 'yaml'
import type {YamlPath} from './document.js'

/**
 * The form for each kind the editor knows, as data: which fields, in what order, with which choices. A form
 * row edits exactly one scalar at a YAML path, so every edit is one setIn on the user's document.
 */
type Leaf =
  | {type: 'text'}
  | {type: 'number'}
  | {type: 'bool'}
  | {type: 'choice'; options: readonly string[]}
  /** A scalar inside a YAML document held in a string (the `mesh` key of Istio's `istio` ConfigMap). */
  | {type: 'embedded'; inner: YamlPath; options: readonly string[]}

type Shape = Leaf | {type: 'map'; fields: Readonly<Record<string, Shape>>} | {type: 'list'; noun: string; item: Shape; blank: unknown}

export type Row =
  | {kind: 'value'; label: string; depth: number; path: YamlPath; leaf: Leaf; value: unknown; first: boolean; list: YamlPath | null; item: YamlPath | null}
  /** A list's heading: Enter (or `a` on any of its rows) appends an item. */
  | {kind: 'list'; label: string; depth: number; path: YamlPath; noun: string; blank: unknown; count: number; list: YamlPath; item: YamlPath | null}

const text: Leaf = {type: 'text'}
const num: Leaf = {type: 'number'}
const bool: Leaf = {type: 'bool'}
const choice = (...options: string[]): Leaf => ({type: 'choice', options})
const map = (fields: Record<string, Shape>): Shape => ({type: 'map', fields})
const list = (noun: string, item: Shape, blank: unknown): Shape => ({type: 'list', noun, item, blank})

const metadata = {'metadata.name': text, 'metadata.namespace': text}
const destination = {'destination.host': text, 'destination.subset': text, 'destination.port.number': num, weight: num}
const routes = list('destination', map(destination), {destination: {host: ''}})

// OSM v1.2.4 pkg/apis/policy/v1alpha1/egress.go; protocols are the ones OSM programs (others do nothing).
const egress = map({
  ...metadata,
  'spec.sources': list('source', map({kind: choice('ServiceAccount'), namespace: text, name: text}), {kind: 'ServiceAccount', namespace: '', name: ''}),
  'spec.hosts': list('host', text, ''),
  'spec.ipAddresses': list('IP range', text, ''),
  'spec.ports': list('port', map({number: num, protocol: choice('http', 'https', 'tcp', 'tcp-server-first')}), {number: 443, protocol: 'https'}),
  'spec.matches': list('route match', map({apiGroup: text, kind: choice('HTTPRouteGroup', 'UpstreamTrafficSetting'), name: text}), {
    apiGroup: 'specs.smi-spec.io/v1alpha4',
    kind: 'HTTPRouteGroup',
    name: '',
  }),
})

const httpRouteGroup = map({
  ...metadata,
  'spec.matches': list('match', map({name: text, pathRegex: text, methods: list('method', text, 'GET')}), {name: '', pathRegex: '/'}),
})

const meshConfig = map({
  ...metadata,
  'spec.traffic.enableEgress': bool,
  'spec.featureFlags.enableEgressPolicy': bool,
  'spec.traffic.enablePermissiveTrafficPolicyMode': bool,
  'spec.sidecar.sidecarClass': choice('envoy', 'pipy'),
  'spec.traffic.outboundIPRangeExclusionList': list('excluded IP range', text, ''),
  'spec.traffic.outboundPortExclusionList': list('excluded port', num, 0),
})

const upstreamTrafficSetting = map({...metadata, 'spec.host': text, 'spec.connectionSettings.tcp.connectTimeout': text})

// istio/api networking/v1 service_entry.proto
const serviceEntry = map({
  ...metadata,
  'spec.hosts': list('host', text, ''),
  'spec.addresses': list('address', text, ''),
  'spec.ports': list('port', map({number: num, name: text, protocol: choice('HTTP', 'HTTPS', 'HTTP2', 'GRPC', 'TLS', 'TCP', 'MONGO'), targetPort: num}), {
    number: 443,
    name: 'https',
    protocol: 'HTTPS',
  }),
  'spec.resolution': choice('NONE', 'STATIC', 'DNS', 'DNS_ROUND_ROBIN'),
  'spec.location': choice('MESH_EXTERNAL', 'MESH_INTERNAL'),
  'spec.endpoints': list('endpoint', map({address: text}), {address: ''}),
  'spec.exportTo': list('exportTo', text, '.'),
})

const gateways = list('gateway', text, 'mesh')
const virtualService = map({
  ...metadata,
  'spec.hosts': list('host', text, ''),
  'spec.gateways': gateways,
  'spec.http': list(
    'http route',
    map({
      name: text,
      timeout: text,
      match: list('match', map({port: num, 'uri.prefix': text, 'uri.exact': text, gateways}), {port: 80}),
      route: routes,
    }),
    {route: [{destination: {host: ''}}]},
  ),
  'spec.tls': list('tls route', map({match: list('match', map({port: num, sniHosts: list('SNI host', text, ''), gateways}), {port: 443}), route: routes}), {
    route: [{destination: {host: ''}}],
  }),
  'spec.tcp': list('tcp route', map({match: list('match', map({port: num, gateways}), {port: 0}), route: routes}), {route: [{destination: {host: ''}}]}),
})

const tlsModes = choice('DISABLE', 'SIMPLE', 'MUTUAL', 'ISTIO_MUTUAL')
const gateway = map({
  ...metadata,
  'spec.servers': list(
    'server',
    map({
      'port.number': num,
      'port.name': text,
      'port.protocol': choice('HTTP', 'HTTPS', 'TLS', 'TCP'),
      hosts: list('host', text, ''),
      'tls.mode': choice('PASSTHROUGH', 'SIMPLE', 'MUTUAL', 'ISTIO_MUTUAL'),
    }),
    {port: {number: 80, name: 'http', protocol: 'HTTP'}, hosts: ['']},
  ),
})

const destinationRule = map({
  ...metadata,
  'spec.host': text,
  'spec.subsets': list('subset', map({name: text}), {name: ''}),
  'spec.trafficPolicy.tls.mode': tlsModes,
  'spec.trafficPolicy.tls.sni': text,
  'spec.trafficPolicy.portLevelSettings': list('port setting', map({'port.number': num, 'tls.mode': tlsModes, 'tls.sni': text}), {port: {number: 443}}),
})

const trafficPolicy = choice('ALLOW_ANY', 'REGISTRY_ONLY')
const sidecar = map({
  ...metadata,
  'spec.outboundTrafficPolicy.mode': trafficPolicy,
  'spec.egress': list('egress listener', map({'port.number': num, 'port.protocol': text, hosts: list('host', text, '*/*')}), {hosts: ['./*']}),
})

const istioMesh = map({...metadata, 'data.mesh': {type: 'embedded', inner: ['outboundTrafficPolicy', 'mode'], options: ['ALLOW_ANY', 'REGISTRY_ONLY']}})
const istioOperator = map({...metadata, 'spec.meshConfig.outboundTrafficPolicy.mode': trafficPolicy})

const FORMS: Record<string, Shape> = {
  Egress: egress,
  HTTPRouteGroup: httpRouteGroup,
  MeshConfig: meshConfig,
  UpstreamTrafficSetting: upstreamTrafficSetting,
  ServiceEntry: serviceEntry,
  VirtualService: virtualService,
  Gateway: gateway,
  DestinationRule: destinationRule,
  Sidecar: sidecar,
  IstioOperator: istioOperator,
}

/** The kinds that have a form (the `istio` ConfigMap too, for its outboundTrafficPolicy). */
export const FORM_KINDS = [...Object.keys(FORMS), 'ConfigMap istio']

function formFor(object: Record<string, unknown>): Shape | null {
  const kind = typeof object.kind === 'string' ? object.kind : ''
  if (kind === 'ConfigMap') return (object.metadata as {name?: unknown} | undefined)?.name === 'istio' ? istioMesh : null
  return FORMS[kind] ?? null
}

/** The form rows for one object (plain data, as yaml's toJS gives it); null when the kind has no form. */
export function formRows(object: unknown): Row[] | null {
  if (typeof object !== 'object' || object === null || Array.isArray(object)) return null
  const form = formFor(object as Record<string, unknown>)
  if (!form) return null
  const rows: Row[] = []
  flatten(form, object, [], '', 0, {list: null, item: null}, rows)
  return rows
}

interface Within {
  list: YamlPath | null
  item: YamlPath | null
}

function flatten(shape: Shape, value: unknown, path: YamlPath, label: string, depth: number, within: Within, rows: Row[]): void {
  if (shape.type === 'map') {
    const record = isRecord(value) ? value : {}
    for (const [key, child] of Object.entries(shape.fields)) {
      const keys = key.split('.')
      const childLabel = key.startsWith('spec.') || key.startsWith('metadata.') || key.startsWith('data.') ? keys.slice(1).join('.') : key
      flatten(child, dig(record, keys), [...path, ...keys], childLabel, depth, within, rows)
    }
    return
  }
  if (shape.type === 'list') {
    const items = Array.isArray(value) ? value : []
    rows.push({kind: 'list', label, depth, path, noun: shape.noun, blank: shape.blank, count: items.length, list: path, item: within.item})
    items.forEach((item, i) => {
      const itemPath = [...path, i]
      const start = rows.length
      flatten(shape.item, item, itemPath, shape.item.type === 'map' ? '' : shape.noun, depth + 1, {list: path, item: itemPath}, rows)
      const first = rows[start]
      if (first?.kind === 'value') rows[start] = {...first, first: true}
    })
    return
  }
  const shown = shape.type === 'embedded' ? embeddedValue(value, shape.inner) : value
  rows.push({kind: 'value', label, depth, path, leaf: shape, value: shown, first: false, list: within.list, item: within.item})
}

function dig(record: Record<string, unknown>, keys: string[]): unknown {
  let v: unknown = record
  for (const k of keys) v = isRecord(v) ? v[k] : undefined
  return v
}

function embeddedValue(text: unknown, inner: YamlPath): unknown {
  if (typeof text !== 'string') return undefined
  const doc = parseDocument(text)
  return doc.errors.length > 0 ? undefined : doc.getIn(inner)
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}
