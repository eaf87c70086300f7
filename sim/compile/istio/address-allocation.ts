import type {ServiceEntrySpec} from '../../../src/model/istio.js'
import type {Resource} from '../../../src/model/resource.js'
import type {ModelSet} from '../../../src/model/set.js'
import {parseIp} from '../../net/cidr.js'
import type {Assumption, Origin, Tagged} from '../../rules/types.js'
import {defaultOrigin, originAt} from '../locate.js'
import {ofKind} from '../select.js'
import type {ProxyDns} from './proxy-metadata.js'
import {UNSPECIFIED_IP, type MeshService} from './services.js'
import {istioAtLeast, type IstioVersion} from './version.js'

/** An address istiod gave a ServiceEntry host that has none of its own. */
export interface AutoAddress {
  v4?: string
  v6?: string
  origin: Origin
}

const ENV = 'PILOT_ENABLE_IP_AUTOALLOCATE'
const OPT_OUT_LABEL = 'networking.istio.io/enable-autoallocate-ip'

/**
 * Which allocator istiod runs: the controller that writes ServiceEntry status.addresses when
 * PILOT_ENABLE_IP_AUTOALLOCATE is on (the default since 1.25; off in 1.23–1.24; 1.22 has only the older
 * one), else the older hash-based one. An istiod Deployment in the input with that variable decides.
 */
export function allocatorV2(set: ModelSet, rootNamespace: string, version: IstioVersion): Tagged<boolean> {
  for (const d of ofKind(set, 'Deployment', 'apps')) {
    if (d.metadata.namespace !== rootNamespace || !d.metadata.name.startsWith('istiod')) continue
    const containers = (d.spec as {template?: {spec?: {containers?: Array<{env?: Array<{name?: string; value?: string}>}>}}})?.template?.spec?.containers ?? []
    for (const [c, container] of containers.entries()) {
      const i = (container.env ?? []).findIndex((e) => e.name === ENV)
      if (i >= 0) return {value: (container.env![i].value ?? '').toLowerCase() === 'true', origin: originAt(d, 'spec', 'template', 'spec', 'containers', c, 'env', i, 'value')}
    }
  }
  const on = istioAtLeast(version, '1.25')
  return {value: on, origin: defaultOrigin(`istiod ${version} default ${ENV}=${on} (istio pilot/pkg/features/pilot.go)`)}
}

/**
 * Whether a proxy listens on auto-allocated addresses (istio pilot/pkg/model/service.go
 * nodeUsesAutoallocatedIPs): it must capture DNS, and either allocator must be on for it.
 */
export function usesAutoAllocatedAddresses(dns: ProxyDns, v2: Tagged<boolean>): boolean {
  return dns.capture.value && (dns.autoAllocate.value || v2.value)
}

/** The address a proxy keys a service's TCP listeners by (istio pilot/pkg/model/service.go GetAddressForProxy). */
export function addressForProxy(svc: MeshService, usesAuto: boolean): string {
  if (svc.address !== UNSPECIFIED_IP || !usesAuto) return svc.address
  return svc.autoAllocated?.v4 ?? svc.autoAllocated?.v6 ?? UNSPECIFIED_IP
}

/**
 * Services with their auto-allocated addresses filled in, as istiod would give them, and what had to be
 * assumed. Only ServiceEntry hosts without `addresses` and with a resolution other than NONE get one.
 */
export function allocateAddresses(services: MeshService[], v2: Tagged<boolean>): {services: MeshService[]; assumptions: Assumption[]} {
  return v2.value ? fromStatus(services) : {services: hashAllocated(services), assumptions: []}
}

interface StatusAddress {
  value?: string
  host?: string
}

/**
 * The controller (istio pilot/pkg/controllers/ipallocate/ipallocate.go) writes one IPv4 and one IPv6
 * address per host into status.addresses; a wildcard host gets one only with DYNAMIC_DNS (keepHost), and
 * the label networking.istio.io/enable-autoallocate-ip=false opts out
 * (istio pilot/pkg/networking/serviceentry/ip_autoallocation.go shouldV2AutoAllocateIPFromPieces). Without
 * a status in the input, the addresses a fresh istiod would hand out in turn from 240.240.0.0/16 and
 * 2001:2::/48 are assumed, in creation order.
 */
function fromStatus(services: MeshService[]): {services: MeshService[]; assumptions: Assumption[]} {
  let next = 1
  const assumed = new Map<string, AutoAddress>()
  const assumptions: Assumption[] = []
  const out = services.map((svc) => {
    if (!eligibleV2(svc)) return svc
    const r = svc.resource as Resource<ServiceEntrySpec>
    const status = ((r.raw.status as {addresses?: StatusAddress[]} | undefined)?.addresses ?? []).map((a, i) => ({...a, i}))
    if (status.length > 0) {
      const mine = status.filter((a) => a.host === svc.host && a.value && parseIp(a.value))
      if (mine.length === 0) return svc
      const v4 = mine.find((a) => parseIp(a.value!)!.family === 4)
      const v6 = mine.find((a) => parseIp(a.value!)!.family === 6)
      const first = v4 ?? v6!
      return {...svc, autoAllocated: {...(v4 ? {v4: v4.value} : {}), ...(v6 ? {v6: v6.value} : {}), origin: originAt(r, 'status', 'addresses', first.i, 'value')}}
    }
    const key = `${svc.namespace}/${r.metadata.name}/${svc.host}`
    let auto = assumed.get(key)
    if (!auto) {
      const n = next++
      auto = {
        v4: `240.240.${n >> 8}.${n & 255}`,
        v6: `2001:2::${n.toString(16)}`,
        origin: defaultOrigin(`address istiod allocates to ${svc.host} (assumed: no status.addresses in the input)`),
      }
      assumed.set(key, auto)
      assumptions.push({
        code: 'AUTO_ALLOCATED_ADDRESS_ASSUMED',
        says: `ServiceEntry ${svc.namespace}/${r.metadata.name} has no status.addresses for ${svc.host}; assuming istiod allocated ${auto.v4} (it hands out 240.240.0.0/16 in turn; the real address is in the object's status once istiod has seen it)`,
      })
    }
    return {...svc, autoAllocated: auto}
  })
  return {services: out, assumptions}
}

function eligibleV2(svc: MeshService): boolean {
  if (svc.registry !== 'External' || svc.address !== UNSPECIFIED_IP || svc.resolution === 'NONE') return false
  if ((svc.resource.metadata.labels[OPT_OUT_LABEL] ?? '').toLowerCase() === 'false') return false
  if ((svc.resource as Resource<ServiceEntrySpec>).spec.addresses?.length) return false
  return !svc.host.startsWith('*') || svc.resolution === 'DYNAMIC_DNS'
}

/** FNV-1a, 32 bits (Go hash/fnv New32a). */
function fnv32a(text: string): number {
  let h = 0x811c9dc5
  for (const byte of new TextEncoder().encode(text)) h = Math.imul(h ^ byte, 0x01000193) >>> 0
  return h
}

const MAX_IPS = 256 * 254
const PRIME = 65011

/**
 * The older allocator (istio pilot/pkg/serviceregistry/serviceentry/auto_allocation.go autoAllocateIPs):
 * each eligible service (no address, not a wildcard, resolution not NONE) is placed in one of 65024 slots
 * by FNV-1a of "namespace/host", double hashing on collisions; walking the slots in order hands out
 * 240.240.x.y (skipping .0), and services with the same key share the first address handed out.
 */
function hashAllocated(services: MeshService[]): MeshService[] {
  const slots = new Array<number | undefined>(MAX_IPS)
  services.forEach((svc, idx) => {
    if (svc.registry !== 'External' || svc.address !== UNSPECIFIED_IP || svc.host.startsWith('*') || svc.resolution === 'NONE') return
    const s = fnv32a(`${svc.namespace}/${svc.host}`)
    const first = s % MAX_IPS
    if (slots[first] === undefined) {
      slots[first] = idx
      return
    }
    const second = PRIME - (s % PRIME)
    for (let i = 1; ; i++) {
      // Go computes (s + i*secondHash) in uint32, then modulo maxIPs-1.
      const nh = Number((BigInt(s) + BigInt(i) * BigInt(second)) % 2n ** 32n) % (MAX_IPS - 1)
      if (slots[nh] === undefined) {
        slots[nh] = idx
        return
      }
    }
  })
  const out = [...services]
  const byKey = new Map<string, AutoAddress>()
  let x = 0
  for (const idx of slots) {
    x++
    if (idx === undefined) continue
    const svc = services[idx]
    if (x % 255 === 0) x++
    const key = `${svc.namespace}/${svc.host}`
    let auto = byKey.get(key)
    if (!auto) {
      const a = Math.floor(x / 255)
      const b = x % 255
      auto = {
        v4: `240.240.${a}.${b}`,
        v6: a === 0 ? `2001:2::f0f0:${b.toString(16)}` : `2001:2::f0f0:${a.toString(16)}${b.toString(16)}`,
        origin: defaultOrigin(`address the hash-based allocator gives ${key} (istio serviceentry/auto_allocation.go)`),
      }
      byKey.set(key, auto)
    }
    out[idx] = {...svc, autoAllocated: auto}
  }
  return out
}
