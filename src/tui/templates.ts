import type {MeshName} from '../../sim/compile/index.js'
import {createManifests, type Manifest} from '../create/index.js'
import {meshSwitch} from '../create/mesh-switch.js'
import type {CreateSpec} from '../create/spec.js'

export interface Identity {
  namespace: string
  serviceAccount: string
}

/** A starting point for a new policy: the objects `kubectl egress create` would scaffold for it. */
export interface Template {
  label: string
  objects: Manifest[]
}

type Request = Pick<CreateSpec, 'name' | 'hosts' | 'ports'> & Partial<Pick<CreateSpec, 'ips' | 'paths' | 'methods' | 'timeout' | 'viaGateway' | 'gatewayApi' | 'ambient'>>

const OSM: Array<[string, Request]> = [
  ['OSM Egress: HTTPS by SNI', {name: 'egress-https', hosts: ['example.com'], ports: [{number: 443, protocol: 'https'}]}],
  ['OSM Egress: HTTP', {name: 'egress-http', hosts: ['example.com'], ports: [{number: 80, protocol: 'http'}]}],
  ['OSM Egress: HTTP limited to paths', {name: 'egress-http-paths', hosts: ['example.com'], ports: [{number: 80, protocol: 'http'}], paths: ['/get']}],
  ['OSM Egress: TCP to an IP range', {name: 'egress-tcp', hosts: [], ports: [{number: 5432, protocol: 'tcp'}], ips: ['203.0.113.0/24']}],
]

const ISTIO: Array<[string, Request]> = [
  ['Istio ServiceEntry: HTTPS', {name: 'external-https', hosts: ['example.com'], ports: [{number: 443, protocol: 'HTTPS'}]}],
  ['Istio ServiceEntry: HTTP', {name: 'external-http', hosts: ['example.com'], ports: [{number: 80, protocol: 'HTTP'}]}],
  ['Istio ServiceEntry + VirtualService timeout', {name: 'external-timeout', hosts: ['example.com'], ports: [{number: 80, protocol: 'HTTP'}], timeout: '3s'}],
  ['Istio HTTP through the egress gateway', {name: 'external-via-gateway', hosts: ['example.com'], ports: [{number: 80, protocol: 'HTTP'}], viaGateway: true}],
  ['Istio HTTP through the egress gateway, Gateway API form', {name: 'external-gateway-api', hosts: ['example.com'], ports: [{number: 80, protocol: 'HTTP'}], gatewayApi: true}],
  [
    'Istio ambient: HTTP through a waypoint, GET only',
    {name: 'external-waypoint', hosts: ['example.com'], ports: [{number: 80, protocol: 'HTTP'}], methods: ['GET'], ambient: true},
  ],
  ['Istio ServiceEntry: TCP to an IP range', {name: 'external-tcp', hosts: ['db.example.com'], ports: [{number: 5432, protocol: 'TCP'}], ips: ['203.0.113.0/24']}],
]

/** The templates for the mesh (all of them when it is not known yet), in the client's namespace. */
export function templatesFor(mesh: MeshName | null, from: Identity | null): Template[] {
  const id = from ?? {namespace: 'default', serviceAccount: 'default'}
  const out: Template[] = []
  if (mesh !== 'istio') {
    const osm = mesh ?? 'osm'
    out.push(...OSM.map(([label, r]) => ({label, objects: createManifests(spec(r, osm, id))})))
    out.push({label: 'OSM MeshConfig: egress switches', objects: switchObject({mesh: osm, enableEgress: false, enableEgressPolicy: true, controlPlaneNamespace: 'osm-system'})})
  }
  if (mesh === null || mesh === 'istio') {
    out.push(...ISTIO.map(([label, r]) => ({label, objects: createManifests(spec(r, 'istio', id))})))
    out.push({
      label: 'Istio mesh: outboundTrafficPolicy REGISTRY_ONLY',
      objects: switchObject({mesh: 'istio', outboundTrafficPolicy: 'REGISTRY_ONLY', controlPlaneNamespace: 'istio-system'}),
    })
  }
  return out
}

function spec(r: Request, mesh: MeshName, id: Identity): CreateSpec {
  return {
    ips: [],
    paths: [],
    methods: [],
    headers: [],
    viaGateway: false,
    gatewayApi: false,
    ambient: false,
    tlsOrigination: false,
    lockdown: false,
    ...r,
    mesh,
    namespace: id.namespace,
    client: id,
  }
}

function switchObject(s: Parameters<typeof meshSwitch>[0]): Manifest[] {
  const made = meshSwitch(s)
  return 'object' in made ? [made.object] : []
}
