import type {ModelSet} from '../../src/model/set.js'
import type {MeshTable} from '../rules/types.js'
import {compileIstioDataPlane} from './istio/data-plane.js'
import {compileOsm} from './osm/index.js'
import {NEWEST_ISTIO_VERSION, type IstioVersion} from './istio/version.js'
import type {PodRef} from './workload.js'

export type MeshName = MeshTable['mesh']

export interface CompileOptions {
  mesh: MeshName
  namespace: string
  serviceAccount: string
  /** The Pod or workload (kind and name, in `namespace`) whose template the client runs, when the user named one. */
  pod?: PodRef
  /** OSM control-plane behaviour; ignored for other meshes. */
  osmVersion?: '1.2' | 'main'
  /** istiod minor version whose behaviour is simulated (default the newest); ignored for other meshes. */
  istioVersion?: IstioVersion
  /**
   * Compile the client's sidecar even when its pod would get none, to show what the policies would do if it
   * were injected; `client.injection` still names the setting that prevents it.
   */
  assumeSidecar?: boolean
}

/** The rule table the mesh's control plane would program for one client identity. */
export function compile(set: ModelSet, opts: CompileOptions): MeshTable {
  if (opts.mesh === 'istio')
    return compileIstioDataPlane(set, {
      namespace: opts.namespace,
      serviceAccount: opts.serviceAccount,
      pod: opts.pod,
      version: opts.istioVersion ?? NEWEST_ISTIO_VERSION,
      assumeSidecar: opts.assumeSidecar,
    })
  return compileOsm(set, {
    mesh: opts.mesh,
    namespace: opts.namespace,
    serviceAccount: opts.serviceAccount,
    pod: opts.pod,
    version: opts.osmVersion ?? '1.2',
    assumeSidecar: opts.assumeSidecar,
  })
}
