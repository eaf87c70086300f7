import {ISTIO_VERSIONS, NEWEST_ISTIO_VERSION} from '../sim/compile/istio/version.js'

/** The control planes whose behaviour is simulated, with the versions --osm-version / --istio-version choose. */
export const SIMULATED_MESHES = [
  {mesh: 'osm', versions: ['1.2', 'main'], default: '1.2', upstream: 'openservicemesh/osm v1.2.4 and main', proxy: 'Envoy'},
  {mesh: 'osm-edge', versions: ['1.3'], default: '1.3', upstream: 'flomesh-io/osm-edge v1.3.9', proxy: 'Pipy 0.90.3'},
  {mesh: 'istio', versions: [...ISTIO_VERSIONS], default: NEWEST_ISTIO_VERSION, upstream: `istio/istio ${ISTIO_VERSIONS[0]}–${NEWEST_ISTIO_VERSION}`, proxy: 'Envoy'},
] as const
