import type {LabelSelector} from '../model/k8s.js'

type Expression = NonNullable<LabelSelector['matchExpressions']>[number]

/**
 * Parses kubectl's `-l` selector (k8s.io/apimachinery pkg/labels/selector.go `Parse`): comma-separated
 * requirements `k=v`, `k==v`, `k!=v` (also true when k is absent), `k in (a,b)`, `k notin (a,b)`, `k`, `!k`.
 * The numeric `k>1`/`k<1` forms have no LabelSelector equivalent and are refused.
 */
export function parseSelector(text: string): LabelSelector | {error: string} {
  const expressions: Expression[] = []
  for (const part of splitRequirements(text)) {
    const req = part.trim()
    let m
    if ((m = /^!\s*([^\s=!<>(),]+)$/.exec(req))) expressions.push({key: m[1], operator: 'DoesNotExist'})
    else if ((m = /^([^\s=!<>(),]+)$/.exec(req))) expressions.push({key: m[1], operator: 'Exists'})
    else if ((m = /^([^\s=!<>(),]+)\s*(==|=|!=)\s*([^\s=!<>(),]*)$/.exec(req))) expressions.push({key: m[1], operator: m[2] === '!=' ? 'NotIn' : 'In', values: [m[3]]})
    else if ((m = /^([^\s=!<>(),]+)\s+(in|notin)\s*\(([^()]*)\)$/.exec(req))) {
      const values = m[3].split(',').map((v) => v.trim())
      if (values.every((v) => v === '')) return {error: `-l "${text}": for 'in', 'notin' operators, values set can't be empty`}
      expressions.push({key: m[1], operator: m[2] === 'in' ? 'In' : 'NotIn', values})
    } else if (/^[^\s=!<>(),]+\s*[<>]/.test(req)) return {error: `-l "${text}": "${req}": the numeric < and > requirements are not supported; use =, !=, in, notin or exists`}
    else return {error: `-l "${text}": "${req}" is not a label requirement (key=value, key!=value, key in (a,b), key notin (a,b), key, !key)`}
  }
  if (expressions.length === 0) return {error: '-l needs at least one requirement, e.g. -l app=curl'}
  return {matchExpressions: expressions}
}

/** Commas inside `( … )` separate values, not requirements. */
function splitRequirements(text: string): string[] {
  const parts: string[] = []
  let depth = 0
  let start = 0
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '(') depth++
    else if (text[i] === ')') depth--
    else if (text[i] === ',' && depth === 0) {
      parts.push(text.slice(start, i))
      start = i + 1
    }
  }
  parts.push(text.slice(start))
  return parts.filter((p) => p.trim() !== '')
}
