import type {SidecarSpec, VirtualServiceSpec} from '../../../src/model/istio.js'
import type {Resource} from '../../../src/model/resource.js'
import type {ModelSet} from '../../../src/model/set.js'
import type {Assumption, Origin} from '../../rules/types.js'
import {originAt} from '../locate.js'
import {ofKind} from '../select.js'
import {usesGatewaySemantics} from './gateway-api/derived.js'
import {hostIntersection, hostMatches, resolveShortName, splitNamespacedHost} from './hosts.js'
import type {MeshSettings, OutboundMode} from './meshconfig.js'
import {addressForProxy} from './address-allocation.js'
import type {Alias} from './aliases.js'
import {parseProtocol, type Protocol} from './protocol.js'
import {byCreation, type MeshPort, type MeshService} from './services.js'
import {istioAtLeast, type IstioVersion} from './version.js'

/** What one proxy can see: the services and VirtualServices it imports, and its outbound policy. */
export interface Scope {
  namespace: string
  labels: Record<string, string>
  outbound: {mode: OutboundMode; origin: Origin}
  version: IstioVersion
  /** One service per host (istio sidecar.go appendSidecarServices), oldest first. */
  services: MeshService[]
  /** The address this proxy keys a service's TCP listeners by (a VIP, an auto-allocated one, or 0.0.0.0). */
  addressOf: (svc: MeshService) => string
  /** ExternalName Services this proxy imports that stand for `host`. */
  aliasesOf: (host: string) => Alias[]
  /** The client pod's own IP, when known: a headless Service's endpoint there gets no listener. */
  clientIp?: string
  /** VirtualServices bound to the mesh (sidecars) and visible here, oldest first. */
  virtualServices: Resource<VirtualServiceSpec>[]
  /** ServiceEntry hosts this proxy does not see, each with the setting that hides it. */
  hidden: HiddenService[]
  /**
   * The Sidecar's egress listeners in order, each with what it imports (istio sidecar.go
   * IstioEgressListenerWrapper): its services (on a port listener, only those with that port, trimmed to
   * it) and VirtualServices. Without a port listener, one catch-all whose scope is this one.
   */
  egress: EgressListener[]
  assumptions: Assumption[]
}

export interface EgressListener {
  /** Set for a listener that matches services by port (sidecar.go needsPortMatch); unset for the catch-all. */
  port?: ListenerPort
  scope: Scope
}

export interface ListenerPort {
  number: number
  /** The Sidecar port's protocol: istiod builds the listener with it (listener.go listenPort), not the service's. */
  protocol: Protocol
  /** The listener's `port` in the Sidecar. */
  at: Origin
}

export interface HiddenService {
  service: MeshService
  /** The exportTo (the ServiceEntry's, or MeshConfig defaultServiceExportTo) or the Sidecar's egress hosts. */
  setBy: Origin
  why: string
  /** The ports hidden, when the sidecar sees the service on others (a port listener imports only its port). */
  ports?: number[]
}

/**
 * exportTo: "*" everyone, "." the object's own namespace, "~" nobody, else the listed namespaces
 * (istio pilot/pkg/model/push_context.go). Unset ⇒ the mesh default.
 */
export function exportedTo(exportTo: string[], ownerNamespace: string, namespace: string): boolean {
  return exportTo.some((e) => e === '*' || e === namespace || (e === '.' && ownerNamespace === namespace))
}

/**
 * The Sidecar that applies to a pod: one with a matching workloadSelector in its namespace, else the
 * namespace's selector-less one, else the root namespace's selector-less one (istio pilot/pkg/model/sidecar.go).
 */
function sidecarFor(set: ModelSet, namespace: string, labels: Record<string, string>, rootNamespace: string): Resource<SidecarSpec> | undefined {
  const sidecars = byCreation(ofKind<SidecarSpec>(set, 'Sidecar', 'networking.istio.io'), (r) => r)
  const selecting = (s: Resource<SidecarSpec>) => Object.entries(s.spec.workloadSelector?.labels ?? {}).every(([k, v]) => labels[k] === v)
  const inNamespace = sidecars.filter((s) => s.metadata.namespace === namespace)
  return (
    inNamespace.find((s) => s.spec.workloadSelector && selecting(s)) ??
    inNamespace.find((s) => !s.spec.workloadSelector) ??
    sidecars.find((s) => s.metadata.namespace === rootNamespace && !s.spec.workloadSelector)
  )
}

/** The effective gateway names of a VirtualService: "mesh", or "NS/NAME" resolved in the VirtualService namespace. */
export function boundGateways(names: string[] | undefined, vsNamespace: string): string[] {
  if (!names || names.length === 0) return ['mesh']
  return names.map((g) => resolveGatewayName(g, vsNamespace))
}

/**
 * One VirtualService gateway as "NS/NAME" (istio pilot/pkg/model/config.go resolveGatewayName): "ns/name"
 * as is, "./name" and a short name in the VirtualService's namespace, a legacy "name.ns[.svc…]" as ns/name.
 */
export function resolveGatewayName(g: string, vsNamespace: string): string {
  if (g === 'mesh') return g
  const slash = g.indexOf('/')
  if (slash >= 0) return g.slice(0, slash) === '.' ? `${vsNamespace}/${g.slice(slash + 1)}` : g
  const dot = g.indexOf('.')
  if (dot < 0) return `${vsNamespace}/${g}`
  const rest = g.slice(dot + 1)
  return `${rest.split('.')[0]}/${g.slice(0, dot)}`
}

/**
 * One egress listener's hosts: the "ns/host" it imports and, Istio ≥1.31, the "~ns/host" it excludes
 * (istio pilot/pkg/model/sidecar.go convertIstioListenerToWrapper builds one hostClassification map per
 * listener). No Sidecar, or one without `egress`, is one listener importing "*\/*"
 * (initSidecarScopeInternalIndexes). Before 1.31 "~ns" is read as a namespace name.
 */
interface EgressHosts {
  imports: Array<[string, string]>
  exclusions: Exclusion[]
  port?: ListenerPort
}

interface Exclusion {
  namespace: string
  host: string
  at: Origin
}

function egressListenersFor(sidecar: Resource<SidecarSpec> | undefined, version: IstioVersion): EgressHosts[] {
  if (!sidecar?.spec.egress?.length) return [{imports: [['*', '*']], exclusions: []}]
  const excludes = istioAtLeast(version, '1.31')
  return sidecar.spec.egress.map((e, i) => {
    const listener: EgressHosts = {imports: [], exclusions: [], ...listenerPort(sidecar, i)}
    for (const [j, text] of e.hosts.entries()) {
      const [ns, host] = splitNamespacedHost(text)
      // "~/host" is every namespace (excludePrefix trimmed to "", then wildcardNamespace).
      if (excludes && ns.startsWith('~')) listener.exclusions.push({namespace: ns.slice(1) || '*', host, at: originAt(sidecar as Resource, 'spec', 'egress', i, 'hosts', j)})
      else listener.imports.push([ns, host])
    }
    return listener
  })
}

/**
 * sidecar.go needsPortMatch: a listener with a port keeps only services with that port, unless its
 * protocol is HTTP_PROXY (a generic egress proxy). An unknown protocol is Unsupported, i.e. sniffed.
 */
function listenerPort(sidecar: Resource<SidecarSpec>, i: number): {port?: ListenerPort} {
  const port = sidecar.spec.egress?.[i]?.port
  if (!port?.number) return {}
  const protocol = parseProtocol(port.protocol) ?? 'AUTO'
  if (protocol === 'HTTP_PROXY') return {}
  return {port: {number: port.number, protocol, at: originAt(sidecar as Resource, 'spec', 'egress', i, 'port')}}
}

/**
 * The listener's "~" host that removes `host` of `ownerNamespace`: hostClassification.Excluded
 * (host.SubsetOf the excluded host) on the entries of the owner's namespace ("." = the proxy's) and of "*".
 */
function excludedBy(listener: EgressHosts, clientNamespace: string, ownerNamespace: string, host: string): Exclusion | undefined {
  return listener.exclusions.find((x) => (x.namespace === '*' || (x.namespace === '.' ? clientNamespace : x.namespace) === ownerNamespace) && hostMatches(x.host, host))
}

/** How a listener's "ns/host" takes a host: the host is covered by it, or either covers the other. */
type HostMatch = (listenerHost: string, host: string) => boolean

/**
 * Services and their aliases: hostClassification.Matches is one-way, `h.SubsetOf(importedHost)`, so
 * "ns/api.example.com" does not import a ServiceEntry of "*.example.com" (sidecar.go matchingService,
 * matchingAliasService).
 */
const coveredBy: HostMatch = hostMatches

/**
 * A VirtualService host (hostClassification.VSMatches): one-way for VirtualServices istiod derives from
 * Gateway API routes (UseGatewaySemantics), otherwise host.Name.Matches either way round, kept upstream
 * for backwards compatibility.
 */
const vsHostMatch = (vs: Resource): HostMatch => (usesGatewaySemantics(vs) ? coveredBy : (a, b) => hostIntersection(a, b) !== null)

function imported(imports: Array<[string, string]>, clientNamespace: string, ownerNamespace: string, host: string, matches: HostMatch): boolean {
  return imports.some(([ns, pattern]) => {
    const nsOk = ns === '*' || (ns === '.' ? ownerNamespace === clientNamespace : ns === ownerNamespace)
    return nsOk && matches(pattern, host)
  })
}

/**
 * How the Sidecar's listeners treat a service: seen when one listener imports it and does not exclude it
 * (selectServices checks a listener's exclusions before its imports, so "~" wins over "*\/*" in the same
 * listener; the scope's services are the union of the listeners' (collectImportedServices), so a service one
 * listener excludes is still seen through another that imports it). Else the exclusion of a listener that
 * would have imported it, if any.
 */
function sidecarSees(
  listeners: EgressHosts[],
  clientNamespace: string,
  ownerNamespace: string,
  host: string,
  matches: HostMatch = coveredBy,
): {by: EgressHosts[]; exclusion?: Exclusion} {
  let exclusion: Exclusion | undefined
  const by: EgressHosts[] = []
  for (const l of listeners) {
    if (!imported(l.imports, clientNamespace, ownerNamespace, host, matches)) continue
    const x = excludedBy(l, clientNamespace, ownerNamespace, host)
    if (!x) by.push(l)
    else exclusion ??= x
  }
  return {by, ...(exclusion ? {exclusion} : {})}
}

/** The ports of `svc` a listener takes: all on the catch-all, its own port on a port listener (serviceMatchingListenerPort). */
function portsTaken(l: EgressHosts, svc: MeshService): MeshPort[] {
  return l.port ? svc.ports.filter((p) => p.number === l.port!.number) : svc.ports
}

const withPorts = (svc: MeshService, ports: MeshPort[]): MeshService => (ports.length === svc.ports.length ? svc : {...svc, ports})

/** What the scope needs besides the input: version, addressing and the mesh-wide alias map. */
export interface ScopeOptions {
  version: IstioVersion
  usesAutoAllocated: boolean
  aliases: Map<string, Alias[]>
  clientIp?: string
}

/**
 * Services with the same host become one (istio pilot/pkg/model/sidecar.go appendSidecarServices): the
 * first (oldest) stays, except that a Kubernetes Service replaces a ServiceEntry; a later one with other
 * ports adds its ports when both come from the same namespace, registry and resolution, with equal
 * labels, selector and exportTo (canMergeServices).
 */
export function oneServicePerHost(services: MeshService[]): MeshService[] {
  const out: MeshService[] = []
  const at = new Map<string, number>()
  const samePorts = (a: MeshService, b: MeshService) =>
    a.ports.length === b.ports.length && a.ports.every((p, i) => p.number === b.ports[i].number && p.name === b.ports[i].name && p.protocol === b.ports[i].protocol)
  const sameMap = (a: Record<string, string> | undefined, b: Record<string, string> | undefined) =>
    JSON.stringify(Object.entries(a ?? {}).sort()) === JSON.stringify(Object.entries(b ?? {}).sort())
  for (const s of services) {
    const i = at.get(s.host)
    if (i === undefined) {
      at.set(s.host, out.push(s) - 1)
      continue
    }
    const existing = out[i]
    if (existing.registry === 'Kubernetes' && s.registry !== 'Kubernetes') continue
    if (existing.registry !== 'Kubernetes' && s.registry === 'Kubernetes') {
      out[i] = s
      continue
    }
    if (samePorts(existing, s)) continue
    const mergeable =
      existing.namespace === s.namespace &&
      existing.resolution === s.resolution &&
      existing.registry === s.registry &&
      sameMap(existing.resource.metadata.labels, s.resource.metadata.labels) &&
      sameMap(existing.selector ?? selectorOf(existing), s.selector ?? selectorOf(s)) &&
      JSON.stringify([...new Set(existing.exportTo ?? [])].sort()) === JSON.stringify([...new Set(s.exportTo ?? [])].sort())
    if (!mergeable) continue
    out[i] = {...existing, ports: [...existing.ports, ...s.ports.filter((p) => !existing.ports.some((q) => q.number === p.number))]}
  }
  return out
}

function selectorOf(s: MeshService): Record<string, string> | undefined {
  return (s.resource.spec as {workloadSelector?: {labels?: Record<string, string>}} | undefined)?.workloadSelector?.labels
}

/** The sidecar's view for a pod in `namespace` with `labels` (istio pilot/pkg/model/sidecar.go SidecarScope). */
export function sidecarScope(set: ModelSet, mesh: MeshSettings, services: MeshService[], namespace: string, labels: Record<string, string>, opts: ScopeOptions): Scope {
  const sidecar = sidecarFor(set, namespace, labels, mesh.rootNamespace)
  const listeners = egressListenersFor(sidecar, opts.version)
  const assumptions: Assumption[] = []
  const unmodelled = (sidecar?.spec.egress ?? []).flatMap((e, i) => [
    ...(e.bind ? [`egress[${i}].bind`] : []),
    ...(e.captureMode === 'NONE' ? [`egress[${i}].captureMode NONE`] : []),
    ...(e.port?.number && parseProtocol(e.port.protocol) === 'HTTP_PROXY' ? [`egress[${i}] HTTP_PROXY`] : []),
  ])
  if (unmodelled.length > 0) {
    assumptions.push({
      code: 'SIDECAR_EGRESS_PORT_MERGED',
      says: `Sidecar ${sidecar!.metadata.namespace}/${sidecar!.metadata.name}: ${unmodelled.join(', ')} not simulated: those listeners' services are listened for as captured outbound traffic on their own ports`,
    })
  }
  const policy = sidecar?.spec.outboundTrafficPolicy?.mode
  const outbound = policy ? {mode: policy, origin: originAt(sidecar as Resource, 'spec', 'outboundTrafficPolicy', 'mode')} : mesh.outbound
  const hidden: HiddenService[] = []
  const byListener = listeners.map((): MeshService[] => [])
  const seen: MeshService[] = []
  for (const s of services) {
    const exported = exportedTo(s.exportTo ?? mesh.exportTo.service, s.namespace, namespace)
    if (!exported) {
      if (s.registry === 'External') hidden.push(notExported(s, mesh, namespace))
      continue
    }
    const {by, exclusion} = sidecarSees(listeners, namespace, s.namespace, s.host)
    const ports = new Set<number>()
    for (const l of by) {
      const taken = portsTaken(l, s)
      if (taken.length > 0) byListener[listeners.indexOf(l)].push(withPorts(s, taken))
      for (const p of taken) ports.add(p.number)
    }
    if (ports.size > 0)
      seen.push(
        withPorts(
          s,
          s.ports.filter((p) => ports.has(p.number)),
        ),
      )
    if (s.registry !== 'External' || ports.size === s.ports.length) continue
    if (by.length === 0) hidden.push(hiddenBySidecar(s, sidecar!, namespace, exclusion))
    else hidden.push(hiddenByListenerPorts(s, sidecar!, by, ports))
  }
  const virtualServices = byCreation(ofKind<VirtualServiceSpec>(set, 'VirtualService', 'networking.istio.io'), (r) => r).filter(
    (vs) =>
      boundGateways(vs.spec.gateways, vs.metadata.namespace).includes('mesh') && exportedTo(vs.spec.exportTo ?? mesh.exportTo.virtualService, vs.metadata.namespace, namespace),
  )
  // virtualservice.go SelectVirtualServices: a host a listener imports counts unless that listener excludes it.
  const vsListeners = new Map(
    virtualServices.map((vs) => [
      vs,
      new Set((vs.spec.hosts ?? []).flatMap((h) => sidecarSees(listeners, namespace, vs.metadata.namespace, resolveShortName(h, vs.metadata.namespace), vsHostMatch(vs)).by)),
    ]),
  )
  const scope: Scope = {
    namespace,
    labels,
    outbound,
    version: opts.version,
    services: oneServicePerHost(seen),
    addressOf: (svc) => addressForProxy(svc, opts.usesAutoAllocated),
    // Only aliases the Sidecar imports count; "~" hosts do not remove aliases (istio sidecar.go matchingAliasService).
    aliasesOf: (host) => (opts.aliases.get(host) ?? []).filter((a) => listeners.some((l) => imported(l.imports, namespace, a.namespace, a.host, coveredBy))),
    ...(opts.clientIp ? {clientIp: opts.clientIp} : {}),
    virtualServices: virtualServices.filter((vs) => vsListeners.get(vs)!.size > 0),
    hidden,
    egress: [],
    assumptions,
  }
  // Listeners are built per egress listener only when one has a port; otherwise the one catch-all is the scope.
  scope.egress = listeners.some((l) => l.port)
    ? listeners.map((l, i) => ({
        ...(l.port ? {port: l.port} : {}),
        scope: {...scope, services: oneServicePerHost(byListener[i]), virtualServices: virtualServices.filter((vs) => vsListeners.get(vs)!.has(l))},
      }))
    : [{scope}]
  return scope
}

/**
 * The egress listener whose services and VirtualServices make the route config of `port` (istio
 * sidecar.go GetEgressListenerForRDS): the first with that port, else the catch-all; none without either.
 */
export function egressListenerForRds(scope: Scope, port: number): Scope | undefined {
  return (scope.egress.find((l) => l.port?.number === port) ?? scope.egress.find((l) => !l.port))?.scope
}

/**
 * A ServiceEntry not exported to the proxy's namespace: its own exportTo, else MeshConfig
 * defaultServiceExportTo (istio push_context.go IsServiceVisible, serviceExportTo, initDefaultExportMaps).
 */
function notExported(s: MeshService, mesh: MeshSettings, namespace: string): HiddenService {
  const written = s.exportTo !== undefined
  return {
    service: s,
    setBy: written ? originAt(s.resource, 'spec', 'exportTo') : mesh.serviceExportToOrigin,
    why: `${written ? 'its exportTo' : 'MeshConfig defaultServiceExportTo'} [${(s.exportTo ?? mesh.exportTo.service).join(', ')}] does not include namespace ${namespace}`,
  }
}

/**
 * Exported, but no "ns/host" of the Sidecar's egress listeners imports it (istio sidecar.go selectServices:
 * the service's own namespace or "*", and "." for the Sidecar's namespace), or a "~" host excludes it. The
 * excluding host is cited, else the first listener's hosts.
 */
function hiddenBySidecar(s: MeshService, sidecar: Resource<SidecarSpec>, namespace: string, exclusion: Exclusion | undefined): HiddenService {
  const at = sidecar.metadata.namespace === namespace ? '' : ` (the root namespace's default for ${namespace})`
  return {
    service: s,
    setBy: exclusion?.at ?? originAt(sidecar as Resource, 'spec', 'egress', 0, 'hosts'),
    why: `the egress hosts of Sidecar ${sidecar.metadata.namespace}/${sidecar.metadata.name}${at} ${exclusion ? 'exclude' : 'do not import'} ${s.host} from namespace ${s.namespace}`,
  }
}

/**
 * Imported only by port listeners, and on none of their ports for some of its own: listener.go builds the
 * service only on a port listener's port, and the sidecar scope has its other ports trimmed away
 * (sidecar.go serviceMatchingListenerPort). The first such listener's port is cited.
 */
function hiddenByListenerPorts(s: MeshService, sidecar: Resource<SidecarSpec>, by: EgressHosts[], seenPorts: Set<number>): HiddenService {
  const missing = s.ports.map((p) => p.number).filter((n) => !seenPorts.has(n))
  const listenerPorts = by.map((l) => l.port!.number).join(', ')
  return {
    service: s,
    setBy: by[0].port!.at,
    why: `only the egress listeners on port ${listenerPorts} of Sidecar ${sidecar.metadata.namespace}/${sidecar.metadata.name} import ${s.host} from namespace ${s.namespace}, and a listener with a port takes only that port of a service: port ${missing.join(', ')} is not seen`,
    ...(seenPorts.size > 0 ? {ports: missing} : {}),
  }
}

interface VirtualServiceIndex {
  /** By each exact (resolved) host, oldest first. */
  exact: Map<string, Resource<VirtualServiceSpec>[]>
  /** VirtualServices with at least one wildcard host, oldest first, with their resolved hosts. */
  wildcard: Array<{vs: Resource<VirtualServiceSpec>; hosts: string[]}>
  /** Each VirtualService's place in the scope's (creation) order. */
  order: Map<Resource<VirtualServiceSpec>, number>
}

const vsIndexes = new WeakMap<Scope, VirtualServiceIndex>()

/** Built once per scope: a sidecar with thousands of services looks VirtualServices up per service port. */
function vsIndex(scope: Scope): VirtualServiceIndex {
  let index = vsIndexes.get(scope)
  if (index) return index
  index = {exact: new Map(), wildcard: [], order: new Map()}
  for (const [i, vs] of scope.virtualServices.entries()) {
    index.order.set(vs, i)
    const hosts = (vs.spec.hosts ?? []).map((h) => resolveShortName(h, vs.metadata.namespace))
    for (const h of new Set(hosts)) {
      if (h.startsWith('*')) continue
      const list = index.exact.get(h)
      if (list) list.push(vs)
      else index.exact.set(h, [vs])
    }
    if (hosts.some((h) => h.startsWith('*'))) index.wildcard.push({vs, hosts})
  }
  vsIndexes.set(scope, index)
  return index
}

const serviceIndexes = new WeakMap<Scope, {byHost: Map<string, MeshService[]>; wildcard: MeshService[]}>()

/** Visible services whose host covers `host` or is covered by it (host.Name matching both ways). */
export function servicesCovering(scope: Scope, host: string): MeshService[] {
  let index = serviceIndexes.get(scope)
  if (!index) {
    index = {byHost: new Map(), wildcard: []}
    for (const svc of scope.services) {
      if (svc.host.startsWith('*')) index.wildcard.push(svc)
      const list = index.byHost.get(svc.host)
      if (list) list.push(svc)
      else index.byHost.set(svc.host, [svc])
    }
    serviceIndexes.set(scope, index)
  }
  if (host.startsWith('*')) return scope.services.filter((s) => hostMatches(host, s.host) || hostMatches(s.host, host))
  const exact = index.byHost.get(host) ?? []
  return [...exact, ...index.wildcard.filter((s) => !exact.includes(s) && hostMatches(s.host, host))]
}

/**
 * VirtualServices with a host that overlaps `host`, oldest first: istio tls.go getConfigsForHost filters the
 * push context's list (creation order) with host.Name.Matches, which holds either way round ("a.example.com"
 * and "*.example.com" match each other). Indexed, since a sidecar looks them up per service port.
 */
export function virtualServicesFor(scope: Scope, host: string): Resource<VirtualServiceSpec>[] {
  const index = vsIndex(scope)
  const exact = host.startsWith('*') ? [...index.exact].filter(([h]) => hostMatches(host, h)).flatMap(([, list]) => list) : (index.exact.get(host) ?? [])
  const wildcard = index.wildcard.filter((w) => w.hosts.some((h) => hostIntersection(h, host) !== null)).map((w) => w.vs)
  if (wildcard.length === 0 && !host.startsWith('*')) return exact
  return [...new Set([...exact, ...wildcard])].sort((a, b) => (index.order.get(a) ?? 0) - (index.order.get(b) ?? 0))
}
