import {requestFrom} from '../../sim/request/index.js'
import {trace} from '../../sim/trace/index.js'
import type {MeshTable, Origin} from '../../sim/rules/types.js'
import type {Sentence, Traffic} from './types.js'

/**
 * Traces the representative request of a sentence, so that what explain says is what trace answers.
 * A request that cannot be built or parsed leaves the outcome null: the sentence says it is unconfirmed.
 */
export function confirm(table: MeshTable, what: Traffic, words: string[] | null, rule: Origin | null): Sentence {
  const typed = words ? words.map(quote).join(' ') : null
  const parsed = words ? requestFrom(words) : null
  if (!parsed?.ok) return {what, request: typed, outcome: null, via: [], tls: 'none', upstream: null, destination: null, rule, decidedBy: null}
  const t = trace(table, parsed.value)
  const destination = `${parsed.value.host}:${parsed.value.port}`
  return {what, request: typed, outcome: t.outcome, via: t.via, tls: t.tls, upstream: t.upstream, destination, rule, decidedBy: t.decidedBy}
}

function quote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`
}
