import type {Assumption} from '../rules/types.js'
import type {Candidate, Reason, RuleRef, Step} from './types.js'

/**
 * What one stage of the proxy's decision list leaves in the trace. Stages are pure functions that return
 * their decision with this; the walk records it in one place, in the order the stages ran.
 */
export interface Recorded {
  steps: Step[]
  /** Candidate lists whose rules missed by a single criterion: the near misses. */
  missed?: Candidate[][]
  assumptions?: Assumption[]
  /** How long the stage waited (an inspector timeout, an injected delay). */
  seconds?: number
}

export function step(stage: Step['stage'], chose: RuleRef | null, candidates: Candidate[], because: Reason): Step {
  return {stage, chose, candidates, because}
}
