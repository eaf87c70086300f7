import {parseDuration, parseIdentity} from '../cli/flags.js'
import {SERVER_FIRST_PORTS} from '../model/server-first-ports.js'
import {policyPath, WAYPOINT} from './istio-ambient.js'
import {GATEWAY_API_METHODS} from './istio-gateway-api.js'
import {EGRESS_GATEWAY} from './istio-parts.js'
import {serviceEntryAudience} from './istio.js'

export type CreateMesh = 'osm' | 'osm-edge' | 'istio'

export interface PortSpec {
  number: number
  /** As the mesh spells it: lower case for OSM, upper case for Istio. */
  protocol: string
}

/** What the user asked `create` for, checked and complete. */
export interface CreateSpec {
  name: string
  mesh: CreateMesh
  /** Where the objects go: -n, else the client's namespace, else "default" (kubectl create's default). */
  namespace: string
  /** The client identity an OSM Egress names as its source; Istio's objects name no client. */
  client?: {namespace: string; serviceAccount: string}
  /** Istio: the namespaces the ServiceEntry is visible to (its `exportTo`); unset for OSM. */
  exportTo?: string[]
  hosts: string[]
  ports: PortSpec[]
  ips: string[]
  paths: string[]
  methods: string[]
  headers: Array<[name: string, regex: string]>
  viaGateway: boolean
  /** Istio: the egress gateway in Gateway API form (Gateway class istio, HTTPRoute/TLSRoute). */
  gatewayApi: boolean
  /** Istio ambient: the ServiceEntry bound to a waypoint, and an AuthorizationPolicy there. */
  ambient: boolean
  tlsOrigination: boolean
  timeout?: string
  lockdown: boolean
}

/** The flags as oclif parsed them (multiple-valued flags are arrays). */
export interface CreateFlags {
  name?: string
  /** NAMESPACE/SERVICEACCOUNT, already resolved from the kubectl forms by the command. */
  from?: string
  namespace?: string
  'export-to'?: string[]
  host?: string[]
  port?: string[]
  ip?: string[]
  path?: string[]
  method?: string[]
  header?: string[]
  mesh: CreateMesh
  'via-gateway'?: boolean
  'gateway-api'?: boolean
  ambient?: boolean
  'tls-origination'?: boolean
  timeout?: string
  lockdown?: boolean
}

/** The arguments a person must supply; the interactive prompt asks for exactly these. */
export type Askable = 'name' | 'from' | 'host' | 'port'

export interface Checked {
  spec?: CreateSpec
  /** Required arguments not given. */
  missing: Askable[]
  /** Arguments given but wrong, or combinations the mesh cannot express; one line each. */
  problems: string[]
  /** Choices made for the user (server-first protocol…), said on stderr. */
  notes: string[]
}

const PROTOCOLS: Record<CreateMesh, string[]> = {
  osm: ['http', 'https', 'tcp', 'tcp-server-first'],
  'osm-edge': ['http', 'https', 'tcp', 'tcp-server-first'],
  istio: ['http', 'https', 'tls', 'tcp'],
}

const NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/
const IPV4_CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/

/** Checks one askable value as typed; null when acceptable. Used by the flags and by the prompt. */
export function problemWith(field: Askable, value: string, mesh: CreateMesh): string | null {
  if (field === 'name') return NAME.test(value) ? null : `NAME "${value}" is not a Kubernetes name (lower case, digits, "-")`
  if (field === 'from') return parseIdentity(value) ? null : `--from "${value}" is not NAMESPACE/SERVICEACCOUNT`
  if (field === 'host') return /^(\*\.)?[A-Za-z0-9]([-A-Za-z0-9.]*[A-Za-z0-9])?$/.test(value) ? null : `--host "${value}" is not a host name`
  const port = readPort(value, mesh)
  return 'problem' in port ? port.problem : null
}

/** "443/https" → {443, https}; a bare number gets the protocol its port implies, if any. */
export function readPort(text: string, mesh: CreateMesh): {port: PortSpec; note?: string} | {problem: string} {
  const m = /^(\d+)(?:\/([A-Za-z-]+))?$/.exec(text.trim())
  const number = m ? Number(m[1]) : NaN
  if (!m || number < 1 || number > 65535) return {problem: `--port "${text}" is not PORT[/PROTOCOL] with PORT 1-65535`}
  const spell = (p: string) => (mesh === 'istio' ? p.toUpperCase() : p)
  if (m[2]) {
    const protocol = m[2].toLowerCase()
    if (!PROTOCOLS[mesh].includes(protocol)) {
      const istioHint = protocol === 'tcp-server-first' ? ' (Istio has no tcp-server-first: use tcp)' : ''
      return {problem: `--port ${text}: ${mesh} knows ${PROTOCOLS[mesh].join(', ')}${istioHint}`}
    }
    const serverFirst = SERVER_FIRST_PORTS[number]
    const note =
      serverFirst && protocol === 'tcp' && mesh !== 'istio'
        ? `port ${number} is ${serverFirst}, a server-first protocol: --port ${number}/tcp-server-first stops the sidecar waiting 15 s for client bytes`
        : undefined
    return {port: {number, protocol: spell(protocol)}, ...(note ? {note} : {})}
  }
  if (number === 80) return {port: {number, protocol: spell('http')}}
  if (number === 443) return {port: {number, protocol: spell('https')}}
  const serverFirst = SERVER_FIRST_PORTS[number]
  if (serverFirst) {
    const protocol = mesh === 'istio' ? 'tcp' : 'tcp-server-first'
    return {port: {number, protocol: spell(protocol)}, note: `port ${number} is ${serverFirst}: using ${protocol}`}
  }
  return {problem: `--port ${number}: say the protocol, e.g. ${number}/${PROTOCOLS[mesh].join(`, ${number}/`)}`}
}

/** Reads and cross-checks every flag; `spec` is set only when nothing is missing and nothing is wrong. */
export function checkCreateFlags(flags: CreateFlags): Checked {
  const {mesh} = flags
  const problems: string[] = []
  const notes: string[] = []
  const ports: PortSpec[] = []
  for (const text of flags.port ?? []) {
    const read = readPort(text, mesh)
    if ('problem' in read) problems.push(read.problem)
    else {
      ports.push(read.port)
      if (read.note) notes.push(read.note)
    }
  }
  const lower = ports.map((p) => p.protocol.toLowerCase())
  const hosts = flags.host ?? []
  const tcpOnly = ports.length > 0 && lower.every((p) => p === 'tcp' || p === 'tcp-server-first')
  const missing: Askable[] = []
  if (!flags.name) missing.push('name')
  // Only OSM's Egress names a client (its sources); an Istio ServiceEntry is about the destination.
  if (!flags.from && mesh !== 'istio') missing.push('from')
  if (hosts.length === 0 && !(tcpOnly && mesh !== 'istio')) missing.push('host')
  if (!flags.port?.length) missing.push('port')

  if (flags.name) push(problems, problemWith('name', flags.name, mesh))
  if (flags.namespace !== undefined && !NAME.test(flags.namespace)) problems.push(`-n "${flags.namespace}" is not a namespace name (lower case, digits, "-")`)
  if (flags['export-to']?.length && mesh !== 'istio') problems.push('--export-to is Istio only (--mesh istio): OSM policies have no visibility setting')
  if (flags.from) push(problems, problemWith('from', flags.from, mesh))
  for (const h of hosts) push(problems, problemWith('host', h, mesh))
  const ips = flags.ip ?? []
  for (const ip of ips) if (!validCidr(ip)) problems.push(`--ip "${ip}" is not an IPv4 CIDR such as 203.0.113.10/32`)
  const headers = (flags.header ?? []).map((h) => h.split(/=(.*)/s).slice(0, 2) as [string, string])
  for (const [k, v] of headers) if (!k || v === undefined) problems.push(`--header "${k}" is not NAME=REGEX`)
  const methods = (flags.method ?? []).map((m) => m.toUpperCase())
  // RFC 9110 §9.1: a method is a token; an empty or spaced one would make a route no request can match.
  for (const m of flags.method ?? []) if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(m)) problems.push(`--method "${m}" is not an HTTP method (RFC 9110: a token such as GET)`)
  for (const p of flags.path ?? []) if (p === '') problems.push('--path "" matches no request: every HTTP path starts with /')
  problems.push(...combinationProblems(flags, lower, hosts, ips))

  const ok = missing.length === 0 && problems.length === 0
  const client = flags.from ? (parseIdentity(flags.from) ?? undefined) : undefined
  if (!ok) return {missing, problems, notes}
  const namespace = flags.namespace ?? client?.namespace ?? 'default'
  if (flags.namespace === undefined && !client) notes.push('the objects go to namespace default, as kubectl create puts them without -n')
  const spec: CreateSpec = {
    name: flags.name!,
    mesh,
    namespace,
    ...(client ? {client} : {}),
    ...(mesh === 'istio' ? {exportTo: exportTo(flags, client, namespace)} : {}),
    // OSM ignores hosts on tcp ports; writing them would only suggest otherwise.
    hosts: tcpOnly && mesh !== 'istio' ? [] : hosts,
    ports,
    ips,
    paths: flags.path ?? [],
    methods,
    headers,
    viaGateway: flags['via-gateway'] ?? false,
    gatewayApi: flags['gateway-api'] ?? false,
    ambient: flags.ambient ?? false,
    tlsOrigination: flags['tls-origination'] ?? false,
    ...(flags.timeout ? {timeout: flags.timeout} : {}),
    lockdown: flags.lockdown ?? false,
  }
  if (mesh === 'istio') notes.push(serviceEntryAudience(spec))
  // ztunnel hands a pod's traffic to the waypoint only for pods in ambient mode (ambient "Egress gateways" task, label_default_ambient).
  if (spec.ambient) notes.push(`the waypoint ${namespace}/${WAYPOINT.name} serves ambient pods only: label the clients' namespace istio.io/dataplane-mode=ambient`)
  return {spec, missing, problems, notes}
}

/**
 * A ServiceEntry is visible to every namespace unless exportTo narrows it (istio.md §2.1; the mesh default
 * is "*"). create keeps it to its own namespace unless --export-to says otherwise; a route through the
 * egress gateway also needs it seen by the gateway's namespace, where the gateway's proxy resolves the host;
 * an ambient one by the client's namespace when the waypoint's is another.
 */
function exportTo(flags: CreateFlags, client: {namespace: string} | undefined, namespace: string): string[] {
  if (flags['export-to']?.length) return flags['export-to']
  if (flags['via-gateway']) return ['.', EGRESS_GATEWAY.namespace]
  // Ambient: ztunnel of the client's node must see the ServiceEntry to send its traffic to the waypoint.
  return flags.ambient && client && client.namespace !== namespace ? ['.', client.namespace] : ['.']
}

/** What the chosen mesh cannot express, or would silently ignore. */
function combinationProblems(flags: CreateFlags, protocols: string[], hosts: string[], ips: string[]): string[] {
  const out: string[] = []
  const osm = flags.mesh !== 'istio'
  const http = protocols.includes('http')
  if ((flags.path?.length || flags.method?.length || flags.header?.length || flags.timeout) && !http) {
    out.push('--path, --method, --header and --timeout need an http port, e.g. --port 80/http')
  }
  if (osm) {
    for (const f of ['via-gateway', 'gateway-api', 'ambient', 'tls-origination', 'timeout', 'lockdown'] as const) if (flags[f]) out.push(`--${f} is Istio only (--mesh istio)`)
    if (ips.length > 0 && http) out.push('--ip has no effect on http ports in OSM (ipAddresses are never programmed for http): create the http ports as a separate policy')
    if (protocols.includes('https'))
      for (const h of hosts)
        if (/^[\d.]+$/.test(h)) out.push(`--host ${h}: clients send no SNI to an IP address, so an https policy never matches it: use --port N/tcp --ip ${h}/32`)
    return out
  }
  if (flags.timeout && parseDuration(flags.timeout) === null) out.push(`--timeout "${flags.timeout}" is not a duration such as 3s or 500ms`)
  if (protocols.includes('tcp') && ips.length === 0) {
    out.push('Istio tells TCP destinations apart by address only: give --ip CIDR (without it the ServiceEntry captures every destination on the port)')
  }
  if (flags['via-gateway']) {
    if (ips.length > 0 || protocols.includes('tcp')) out.push('--via-gateway routes http and https/tls by host name: drop --ip and tcp ports')
    if (hosts.some((h) => h.startsWith('*'))) out.push('--via-gateway needs exact hosts: an egress gateway resolves the host by DNS')
    if (flags['tls-origination']) out.push('--via-gateway with --tls-origination is not generated yet: create the gateway route first')
  }
  out.push(...gatewayApiProblems(flags, protocols, hosts, ips), ...ambientProblems(flags))
  if (flags['tls-origination']) {
    if (!http) out.push('--tls-origination needs the http port the application sends plain HTTP to, e.g. --port 80/http')
    if (protocols.filter((p) => p === 'https').length > 1) out.push('--tls-origination needs at most one https port: the port TLS is originated to')
  }
  if (flags.lockdown && !flags['via-gateway'] && ips.length === 0) {
    out.push('--lockdown needs --via-gateway or --ip: a NetworkPolicy can only allow the gateway or addresses, not host names')
  }
  return out
}

/** What the Gateway API form of the egress gateway cannot carry, or create does not write yet. */
function gatewayApiProblems(flags: CreateFlags, protocols: string[], hosts: string[], ips: string[]): string[] {
  if (!flags['gateway-api']) return []
  const out: string[] = []
  if (flags['via-gateway']) out.push('--gateway-api already routes through an egress gateway (its Gateway API form): drop --via-gateway')
  if (flags.ambient) out.push('--gateway-api and --ambient are two ways out: an egress gateway for sidecars, or a waypoint for ambient pods; pick one')
  if (ips.length > 0 || protocols.includes('tcp')) out.push('--gateway-api routes http and https/tls by host name: drop --ip and tcp ports')
  if (hosts.some((h) => h.startsWith('*'))) out.push('--gateway-api needs exact hosts: an egress gateway resolves the host by DNS')
  if (protocols.filter((p) => p === 'http').length > 1)
    out.push('--gateway-api takes one http port: the ServiceEntry-parented HTTPRoute sends every http port to one gateway listener')
  if (protocols.filter((p) => p === 'https' || p === 'tls').length > 1)
    out.push('--gateway-api takes one https/tls port: the ServiceEntry-parented TLSRoute sends every tls port to one gateway listener')
  for (const m of flags.method ?? []) {
    if (!GATEWAY_API_METHODS.includes(m.toUpperCase())) out.push(`--method ${m}: an HTTPRoute match takes one of ${GATEWAY_API_METHODS.join(', ')}`)
  }
  if (flags['tls-origination']) out.push('--gateway-api with --tls-origination is not generated yet: create the gateway route first')
  if (flags.lockdown) out.push("--gateway-api with --lockdown is not generated yet: the NetworkPolicy would have to admit the gateway's pods")
  return out
}

/** What an ambient waypoint and its AuthorizationPolicy cannot carry, or create does not write yet. */
function ambientProblems(flags: CreateFlags): string[] {
  if (!flags.ambient) return []
  const out: string[] = []
  if (flags['via-gateway']) out.push('--ambient sends egress through a waypoint, not the egress gateway: drop --via-gateway')
  for (const p of flags.path ?? []) {
    if (p !== '' && policyPath(p) === null) out.push(`--path ${p}: an AuthorizationPolicy matches a path exactly, by prefix (/api/.*) or suffix, not by regex`)
  }
  if (flags.header?.length)
    out.push('--ambient with --header is not generated yet: an AuthorizationPolicy matches headers in "when" conditions, which the simulator does not model')
  if (flags.timeout) out.push('--ambient with --timeout is not generated yet: a waypoint takes timeouts from a route attached to the ServiceEntry')
  if (flags.lockdown) out.push("--ambient with --lockdown is not generated yet: ztunnel, not a sidecar, captures ambient pods' traffic")
  return out
}

function validCidr(text: string): boolean {
  const m = IPV4_CIDR.exec(text)
  return !!m && m.slice(1, 5).every((o) => Number(o) <= 255) && Number(m[5]) <= 32
}

function push(list: string[], problem: string | null): void {
  if (problem) list.push(problem)
}
