/** Tiny builders for the Istio and Kubernetes objects the Istio tests need, and a compile helper. */
import {compileIstio} from '../../sim/compile/istio/index.js'
import {NEWEST_ISTIO_VERSION, type IstioVersion} from '../../sim/compile/istio/version.js'
import type {Listener, MeshTable, Proxy, RouteConfig} from '../../sim/rules/types.js'
import type {Resource} from '../../src/model/resource.js'
import {resource} from '../helpers/resource.js'

type Obj = Record<string, unknown>
const NET = 'networking.istio.io/v1'

export const namespace = (name: string, labels: Record<string, string> = {'istio-injection': 'enabled'}): Obj => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: {name, labels},
})

export const meshConfig = (mode: 'ALLOW_ANY' | 'REGISTRY_ONLY' | 'ALLOW_ANY_DYNAMIC_DNS'): Obj => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: {name: 'istio', namespace: 'istio-system'},
  data: {mesh: `outboundTrafficPolicy:\n  mode: ${mode}\n`},
})

export const deployment = (ns: string, name: string, extra: {labels?: Obj; annotations?: Obj; serviceAccount?: string; args?: string[]} = {}): Obj => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {name, namespace: ns},
  spec: {
    selector: {matchLabels: extra.labels ?? {app: name}},
    template: {
      metadata: {labels: extra.labels ?? {app: name}, ...(extra.annotations ? {annotations: extra.annotations} : {})},
      spec: {serviceAccountName: extra.serviceAccount ?? name, containers: [{name: 'main', image: 'x', ...(extra.args ? {args: extra.args} : {})}]},
    },
  },
})

export const service = (ns: string, name: string, ports: Obj[], extra: {clusterIP?: string; selector?: Obj} = {}): Obj => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: {name, namespace: ns},
  spec: {clusterIP: extra.clusterIP ?? '10.96.0.99', selector: extra.selector ?? {app: name}, ports},
})

export const serviceEntry = (ns: string, name: string, spec: Obj, meta: Obj = {}): Obj => ({
  apiVersion: NET,
  kind: 'ServiceEntry',
  metadata: {name, namespace: ns, ...meta},
  spec: {resolution: 'DNS', ...spec},
})

export const virtualService = (ns: string, name: string, spec: Obj, meta: Obj = {}): Obj => ({
  apiVersion: NET,
  kind: 'VirtualService',
  metadata: {name, namespace: ns, ...meta},
  spec,
})

export const destinationRule = (ns: string, name: string, spec: Obj): Obj => ({apiVersion: NET, kind: 'DestinationRule', metadata: {name, namespace: ns}, spec})

export const gateway = (ns: string, name: string, servers: Obj[]): Obj => ({
  apiVersion: NET,
  kind: 'Gateway',
  metadata: {name, namespace: ns},
  spec: {selector: {istio: 'egressgateway'}, servers},
})

export const sidecar = (ns: string, name: string, spec: Obj): Obj => ({apiVersion: NET, kind: 'Sidecar', metadata: {name, namespace: ns}, spec})

export const networkPolicy = (ns: string, name: string, spec: Obj): Obj => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: {name, namespace: ns},
  spec,
})

/** The default istio-egressgateway install: Service 80→8080, 443→8443 and its Deployment. */
export const egressGateway = (): Obj[] => [
  service(
    'istio-system',
    'istio-egressgateway',
    [
      {name: 'http2', port: 80, targetPort: 8080},
      {name: 'https', port: 443, targetPort: 8443},
    ],
    {clusterIP: '10.96.20.30', selector: {istio: 'egressgateway'}},
  ),
  deployment('istio-system', 'istio-egressgateway', {labels: {istio: 'egressgateway'}, serviceAccount: 'istio-egressgateway-service-account', args: ['proxy', 'router']}),
]

/** A meshed client default/sleep whose Service gives every sidecar an HTTP listener on port 80. */
export const sleepClient = (): Obj[] => [namespace('default'), deployment('default', 'sleep'), service('default', 'sleep', [{name: 'http', port: 80}], {clusterIP: '10.96.10.20'})]

export interface Compiled {
  table: MeshTable
  sidecar: Proxy
  objects: Resource[]
}

export function compile(objects: Array<Obj | Resource>, from = 'default/sleep', version: IstioVersion = NEWEST_ISTIO_VERSION): Compiled {
  const resources = objects.map((o) => ('positions' in o ? (o as Resource) : resource(o)))
  const [ns, sa] = from.split('/')
  const table = compileIstio({resources}, {namespace: ns, serviceAccount: sa, version})
  return {table, sidecar: table.proxies[table.client.proxy ?? ''], objects: resources}
}

export function listenerNamed(proxy: Proxy, name: string): Listener | undefined {
  return proxy.listeners.find((l) => l.name === name)
}

/** Where a captured connection to IP:PORT lands: exact listener, else 0.0.0.0_PORT, else virtualOutbound. */
export function listenerFor(proxy: Proxy, ip: string, port: number): Listener {
  return listenerNamed(proxy, `${ip}_${port}`) ?? listenerNamed(proxy, `0.0.0.0_${port}`) ?? listenerNamed(proxy, 'virtualOutbound')!
}

/** The vhost Envoy would pick for an exact host, else the "*" catch-all. */
export function vhostFor(rc: RouteConfig, host: string) {
  return rc.virtualHosts.find((v) => v.domains.includes(host)) ?? rc.virtualHosts.find((v) => v.domains.includes('*'))
}

export const ref = (o: {from: string} & Partial<{ref: {kind: string; namespace: string; name: string}}>) =>
  o.from === 'resource' && o.ref ? `${o.ref.kind}/${o.ref.namespace}/${o.ref.name}` : o.from
