import type {IstioVersion} from '../../sim/compile/istio/version.js'
import type {Diagnostic} from '../model/diagnostic.js'
import type {ModelSet} from '../model/set.js'
import {validate} from './index.js'
import {reuseAcross} from './reuse.js'

/**
 * validate() for successive versions of one set, as the editor makes them on every keystroke: the same
 * checks, but an object's own checks and a client's conflict checks are re-run only when the object, or an
 * Egress naming the client, changed (src/validate/reuse.ts says when the rest is kept). Gives what
 * validate(set, {mesh}) gives, in the same order.
 */
export function incrementalValidate(opts: {istioVersion?: IstioVersion} = {}): (set: ModelSet, mesh?: string) => Diagnostic[] {
  const reuse = reuseAcross()
  return (set, mesh) => validate(set, {...opts, mesh, reuse: reuse.next(set)})
}
