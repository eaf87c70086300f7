import {parseGoDuration} from '../../../sim/compile/istio/duration.js'
import type {Path} from '../schema.js'
import {validateClientTls} from './client-tls.js'
import {durationProblem, percentProblem} from './fields.js'
import {fqdnProblem, ipAddressProblem} from './hostname.js'
import {errorsOnly, maybe, type Report} from './report.js'
import {istioAtLeast, type IstioVersion} from '../../../sim/compile/istio/version.js'

/**
 * DestinationRule traffic policies and Sidecar connection pools (istio pkg/config/validation/validation.go
 * validateTrafficPolicy, validateConnectionPool, validateOutlierDetection, validateLoadBalancer,
 * validatePortTrafficPolicies; agent.ValidateLocalityLbSetting), read as JSON.
 */
type Obj = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

export function validateTrafficPolicy(policy: Obj | undefined, at: Path, report: Report, namespace: string, version: IstioVersion): void {
  if (!policy) return
  const fields = [
    'outlierDetection',
    'connectionPool',
    'loadBalancer',
    'tls',
    'portLevelSettings',
    'tunnel',
    'proxyProtocol',
    ...(istioAtLeast(version, '1.28') ? ['retryBudget'] : []),
  ]
  if (!fields.some((f) => policy[f] !== undefined)) return report(at, 'ISTIO_DR_EMPTY_POLICY', 'traffic policy must have at least one field')
  if (policy.tunnel && policy.proxyProtocol) return report(at, 'ISTIO_DR_BAD_POLICY', 'tunnel and proxyProtocol must not be set together')
  validateOutlierDetection(policy.outlierDetection, [...at, 'outlierDetection'], report)
  validateConnectionPool(policy.connectionPool, [...at, 'connectionPool'], report, version)
  validateLoadBalancer(policy.loadBalancer, policy.outlierDetection, [...at, 'loadBalancer'], report, version)
  validateClientTls(policy.tls, [...at, 'tls'], report, namespace, version)
  validatePortTrafficPolicies(policy.portLevelSettings, [...at, 'portLevelSettings'], errorsOnly(report), namespace, version)
  validateTunnel(policy.tunnel, [...at, 'tunnel'], report)
}

/** validateSubset's traffic policy: errors only. */
export function validateSubsetPolicy(policy: Obj | undefined, at: Path, report: Report, namespace: string, version: IstioVersion): void {
  validateTrafficPolicy(policy, at, errorsOnly(report), namespace, version)
}

function validatePortTrafficPolicies(settings: Obj[] | undefined, at: Path, report: Report, namespace: string, version: IstioVersion): void {
  ;(settings ?? []).forEach((p, i) => {
    const pat = [...at, i]
    if (!p.port) report(pat, 'ISTIO_DR_PORT_POLICY_WITHOUT_PORT', 'portTrafficPolicy must have valid port')
    if (!p.outlierDetection && !p.connectionPool && !p.loadBalancer && !p.tls) return report(pat, 'ISTIO_DR_EMPTY_POLICY', 'port traffic policy must have at least one field')
    validateOutlierDetection(p.outlierDetection, [...pat, 'outlierDetection'], report)
    validateConnectionPool(p.connectionPool, [...pat, 'connectionPool'], report, version)
    validateLoadBalancer(p.loadBalancer, p.outlierDetection, [...pat, 'loadBalancer'], report, version)
    validateClientTls(p.tls, [...pat, 'tls'], report, namespace, version)
  })
}

function validateTunnel(tunnel: Obj | undefined, at: Path, report: Report): void {
  if (!tunnel) return
  if (tunnel.protocol && tunnel.protocol !== 'CONNECT' && tunnel.protocol !== 'POST')
    report([...at, 'protocol'], 'ISTIO_DR_BAD_POLICY', 'tunnel protocol must be "CONNECT" or "POST"')
  const host = String(tunnel.targetHost ?? '')
  const fqdn = fqdnProblem(host)
  const ip = ipAddressProblem(host)
  if (fqdn && ip) report([...at, 'targetHost'], 'ISTIO_DR_BAD_POLICY', `tunnel target host must be valid FQDN or IP address: ${fqdn}; ${ip}`)
  const port = Number(tunnel.targetPort ?? 0)
  if (!(port >= 1 && port <= 65535)) report([...at, 'targetPort'], 'ISTIO_DR_BAD_POLICY', `tunnel target port is invalid: port number ${port} must be in the range 1..65535`)
}

function duration(value: unknown, at: Path, report: Report): void {
  if (typeof value === 'string') maybe(report, at, 'ISTIO_BAD_DURATION', durationProblem(value))
}

function validateOutlierDetection(outlier: Obj | undefined, at: Path, report: Report): void {
  if (!outlier) return
  duration(outlier.baseEjectionTime, [...at, 'baseEjectionTime'], report)
  if (outlier.consecutiveErrors) {
    report(
      [...at, 'consecutiveErrors'],
      'ISTIO_DR_DEPRECATED',
      'outlier detection consecutive errors is deprecated, use consecutiveGatewayErrors or consecutive5xxErrors instead',
      'warning',
    )
  }
  if (!outlier.splitExternalLocalOriginErrors && Number(outlier.consecutiveLocalOriginFailures ?? 0) > 0) {
    report(
      [...at, 'consecutiveLocalOriginFailures'],
      'ISTIO_DR_BAD_POLICY',
      'outlier detection consecutive local origin failures is specified, but split external local origin errors is set to false',
    )
  }
  duration(outlier.interval, [...at, 'interval'], report)
  maybe(report, [...at, 'maxEjectionPercent'], 'ISTIO_DR_BAD_POLICY', percentProblem(Number(outlier.maxEjectionPercent ?? 0)))
  maybe(report, [...at, 'minHealthPercent'], 'ISTIO_DR_BAD_POLICY', percentProblem(Number(outlier.minHealthPercent ?? 0)))
}

export function validateConnectionPool(pool: Obj | undefined, at: Path, report: Report, version: IstioVersion): void {
  if (!pool) return
  if (!pool.http && !pool.tcp) return report(at, 'ISTIO_EMPTY_CONNECTION_POOL', 'connection pool must have at least one field')
  const http = pool.http
  if (http) {
    const hat = [...at, 'http']
    const nonNegative: Array<[string, string]> = [
      ['http1MaxPendingRequests', 'http1 max pending requests must be non-negative'],
      ['http2MaxRequests', 'http2 max requests must be non-negative'],
      ['maxRequestsPerConnection', 'max requests per connection must be non-negative'],
      ['maxRetries', 'max retries must be non-negative'],
    ]
    for (const [field, message] of nonNegative) if (Number(http[field] ?? 0) < 0) report([...hat, field], 'ISTIO_BAD_CONNECTION_POOL', message)
    duration(http.idleTimeout, [...hat, 'idleTimeout'], report)
    if (http.h2UpgradePolicy === 'UPGRADE' && http.useClientProtocol)
      report([...hat, 'useClientProtocol'], 'ISTIO_BAD_CONNECTION_POOL', 'use client protocol must not be true when H2UpgradePolicy is UPGRADE')
    if (Number(http.maxConcurrentStreams ?? 0) < 0) report([...hat, 'maxConcurrentStreams'], 'ISTIO_BAD_CONNECTION_POOL', 'max concurrent streams must be non-negative')
    const keepalive = http.http2KeepAlive
    if (keepalive && istioAtLeast(version, '1.31')) {
      for (const field of ['interval', 'timeout']) {
        if (keepalive[field] === undefined) report([...hat, 'http2KeepAlive', field], 'ISTIO_BAD_CONNECTION_POOL', `http2 keepalive ${field} is required`)
        else duration(keepalive[field], [...hat, 'http2KeepAlive', field], report)
      }
    }
  }
  const tcp = pool.tcp
  if (tcp) {
    const tat = [...at, 'tcp']
    if (Number(tcp.maxConnections ?? 0) < 0) report([...tat, 'maxConnections'], 'ISTIO_BAD_CONNECTION_POOL', 'max connections must be non-negative')
    duration(tcp.connectTimeout, [...tat, 'connectTimeout'], report)
    duration(tcp.maxConnectionDuration, [...tat, 'maxConnectionDuration'], report)
    if (istioAtLeast(version, '1.23')) {
      // Since 1.26 "0s" disables the idle timeout and is accepted.
      const nanos = typeof tcp.idleTimeout === 'string' ? parseGoDuration(tcp.idleTimeout) : null
      const disabled = istioAtLeast(version, '1.26') && nanos !== null && nanos / 1_000_000n === 0n
      if (!disabled) duration(tcp.idleTimeout, [...tat, 'idleTimeout'], report)
      duration(tcp.tcpKeepalive?.time, [...tat, 'tcpKeepalive', 'time'], report)
      duration(tcp.tcpKeepalive?.interval, [...tat, 'tcpKeepalive', 'interval'], report)
    }
  }
}

function validateLoadBalancer(lb: Obj | undefined, outlier: Obj | undefined, at: Path, report: Report, version: IstioVersion): void {
  if (!lb) return
  const hash = lb.consistentHash
  if (hash) {
    const hat = [...at, 'consistentHash']
    const cookie = hash.httpCookie
    if (cookie && !cookie.name) report([...hat, 'httpCookie'], 'ISTIO_DR_BAD_LOAD_BALANCER', 'name required for HttpCookie')
    if (cookie && Array.isArray(cookie.attributes) && istioAtLeast(version, '1.28')) {
      const names = new Set<string>()
      cookie.attributes.forEach((a: Obj, i: number) => {
        const aat = [...hat, 'httpCookie', 'attributes', i]
        if (!a.name) return report(aat, 'ISTIO_DR_BAD_LOAD_BALANCER', 'cookie attribute name cannot be empty')
        if (names.has(a.name)) report(aat, 'ISTIO_DR_BAD_LOAD_BALANCER', `duplicate cookie attribute name: ${a.name}`)
        names.add(a.name)
      })
    }
    const minimumRingSize = Number(hash.minimumRingSize ?? 0)
    if (minimumRingSize !== 0) {
      report([...hat, 'minimumRingSize'], 'ISTIO_DR_DEPRECATED', "consistent hash MinimumRingSize is deprecated, use ConsistentHashLB's RingHash configuration instead", 'warning')
      if (hash.maglev || hash.ringHash) report(hat, 'ISTIO_DR_BAD_LOAD_BALANCER', 'only one of MinimumRingSize or Maglev/Ringhash can be specified')
    }
    if (hash.maglev) {
      const size = Number(hash.maglev.tableSize ?? 0)
      const mat = [...hat, 'maglev', 'tableSize']
      if (size === 0) report(mat, 'ISTIO_DR_BAD_LOAD_BALANCER', 'tableSize must be set for maglev')
      if (size >= 5000011) report(mat, 'ISTIO_DR_BAD_LOAD_BALANCER', 'tableSize must be less than 5000011 for maglev')
      if (!isPrime(size)) report(mat, 'ISTIO_DR_BAD_LOAD_BALANCER', 'tableSize must be a prime number for maglev')
    }
  }
  if (lb.localityLbSetting && lb.zoneAwareLbSetting && istioAtLeast(version, '1.31'))
    report(at, 'ISTIO_DR_BAD_LOAD_BALANCER', 'only one of localityLbSetting and zoneAwareLbSetting can be set')
  validateLocality(lb.localityLbSetting, outlier, [...at, 'localityLbSetting'], report)
  if (istioAtLeast(version, '1.31')) validateZoneAware(lb.zoneAwareLbSetting, outlier, [...at, 'zoneAwareLbSetting'], report)
  if (lb.warmupDurationSecs !== undefined && istioAtLeast(version, '1.23')) duration(lb.warmupDurationSecs, [...at, 'warmupDurationSecs'], report)
  const warm = lb.warmup
  if (warm && istioAtLeast(version, '1.24')) {
    const wat = [...at, 'warmup']
    if (warm.duration === undefined) report([...wat, 'duration'], 'ISTIO_DR_BAD_LOAD_BALANCER', 'duration is required')
    else duration(warm.duration, [...wat, 'duration'], report)
    if (Number(warm.minimumPercent ?? 0) > 100) report([...wat, 'minimumPercent'], 'ISTIO_DR_BAD_LOAD_BALANCER', 'minimumPercent value should be less than or equal to 100')
    // 1.31 takes any positive aggression; before, at least 1.
    if (warm.aggression !== undefined && istioAtLeast(version, '1.31') && Number(warm.aggression) <= 0)
      report([...wat, 'aggression'], 'ISTIO_DR_BAD_LOAD_BALANCER', 'aggression should be greater than 0')
    if (warm.aggression !== undefined && !istioAtLeast(version, '1.31') && Number(warm.aggression) < 1)
      report([...wat, 'aggression'], 'ISTIO_DR_BAD_LOAD_BALANCER', 'aggression should be greater than or equal to 1')
  }
}

/** Envoy's isPrime (source/common/common/utility.cc), which istiod copies. */
function isPrime(x: number): boolean {
  if (x !== 0 && x < 4) return true
  if (x % 2 === 0) return false
  for (let f = 3; f <= Math.floor(Math.sqrt(x)); f += 2) if (x % f === 0) return false
  return true
}

const TOPOLOGY = ['topology.kubernetes.io/region', 'topology.kubernetes.io/zone', 'topology.istio.io/subzone']

/** agent.ValidateLocalityLbSetting. */
function validateLocality(lb: Obj | undefined, outlier: Obj | undefined, at: Path, report: Report): void {
  if (!lb) return
  const distribute: Obj[] = lb.distribute ?? []
  const failover: Obj[] = lb.failover ?? []
  const priority: string[] = lb.failoverPriority ?? []
  const bad = (message: string) => report(at, 'ISTIO_DR_BAD_LOCALITY', message)
  if (distribute.length > 0 && failover.length > 0) return bad("can not simultaneously specify 'distribute' and 'failover'")
  if (failover.length > 0) {
    const label = priority.find((p) => TOPOLOGY.includes(p))
    if (label) return bad(`can not simultaneously set 'failover' and topology label '${label}' in 'failover_priority'`)
  }
  for (const d of distribute) {
    let total = 0
    for (const weight of Object.values<number>(d.to ?? {})) {
      if (weight <= 0 || weight > 100) return bad('locality weight must be in range [1, 100]')
      total += weight
    }
    if (total !== 100) return bad(`total locality weight ${total} != 100`)
    maybe(report, at, 'ISTIO_DR_BAD_LOCALITY', localitiesProblem(Object.keys(d.to ?? {})))
  }
  maybe(report, at, 'ISTIO_DR_BAD_LOCALITY', localitiesProblem(distribute.map((d) => String(d.from ?? ''))))
  if ((failover.length > 0 || priority.length > 0) && !outlier) report(at, 'ISTIO_DR_FAILOVER_WITHOUT_OUTLIER', 'outlier detection policy must be provided for failover', 'warning')
  for (const f of failover) {
    if (f.from === f.to) bad('locality lb failover settings must specify different regions')
    if (String(f.from ?? '').includes('/') || String(f.to ?? '').includes('/')) bad('locality lb failover only specify region')
    if (String(f.to ?? '').includes('*') || String(f.from ?? '').includes('*')) bad("locality lb failover region should not contain '*' wildcard")
  }
}

/** agent.ValidateZoneAwareLbSetting (1.31): region and zone levels are automatic. */
function validateZoneAware(lb: Obj | undefined, outlier: Obj | undefined, at: Path, report: Report): void {
  if (!lb) return
  const bad = (message: string) => report(at, 'ISTIO_DR_BAD_LOCALITY', message)
  for (const label of (lb.failoverPriority ?? []) as string[]) {
    if (TOPOLOGY.includes(label)) bad(`'failover_priority' for zone aware lb must not use topology label '${label}'; region- and zone-level routing are handled automatically`)
  }
  const failover: Obj[] = lb.failover ?? []
  if ((failover.length > 0 || (lb.failoverPriority ?? []).length > 0) && !outlier)
    report(at, 'ISTIO_DR_FAILOVER_WITHOUT_OUTLIER', 'outlier detection policy must be provided for failover', 'warning')
  for (const f of failover) {
    if (f.from === f.to) bad('zone aware lb failover settings must specify different regions')
    if (String(f.from ?? '').includes('/') || String(f.to ?? '').includes('/'))
      bad('zone aware lb failover only specifies region; zone and subzone failover are handled automatically')
    if (String(f.to ?? '').includes('*') || String(f.from ?? '').includes('*')) bad("zone aware lb failover region should not contain '*' wildcard")
  }
}

/** validateLocalities: "region/zone/subzone" with at most one trailing "*", none overlapping. */
function localitiesProblem(localities: string[]): string | null {
  const seen = new Map<string, Map<string, Set<string>>>()
  for (const locality of localities) {
    const stars = locality.split('*').length - 1
    if (stars > 0 && (stars > 1 || !locality.endsWith('*'))) return `locality ${locality} wildcard '*' number can not exceed 1 and must be in the end`
    if (seen.has('*')) return `locality ${locality} overlap with previous specified ones`
    const items = splitN(locality, '/', 3)
    if (items.some((i) => i === '')) return `locality ${locality} must not contain empty region/zone/subzone info`
    const [region, zone, subZone] = items
    const overlap = `locality ${locality} overlap with previous specified ones`
    if (items.length === 1) {
      if (seen.has(region)) return overlap
      seen.set(region, new Map([['*', new Set(['*'])]]))
    } else if (items.length === 2) {
      const zones = seen.get(region)
      if (zones) {
        if (zones.has('*') || zones.has(zone)) return overlap
        zones.set(zone, new Set(['*']))
      } else seen.set(region, new Map([[zone, new Set(['*'])]]))
    } else {
      const zones = seen.get(region)
      if (!zones) seen.set(region, new Map([[zone, new Set([subZone])]]))
      else {
        if (zones.has('*')) return overlap
        const subs = zones.get(zone)
        if (!subs) zones.set(zone, new Set([subZone]))
        else {
          if (subs.has('*') || subs.has(subZone)) return overlap
          subs.add(subZone)
        }
      }
    }
  }
  return null
}

/** Go strings.SplitN. */
function splitN(s: string, sep: string, n: number): string[] {
  const parts = s.split(sep)
  return parts.length <= n ? parts : [...parts.slice(0, n - 1), parts.slice(n - 1).join(sep)]
}
