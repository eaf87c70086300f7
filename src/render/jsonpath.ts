/**
 * kubectl's `-o jsonpath=TEMPLATE` (k8s.io/client-go util/jsonpath, with kubectl's printer allowing missing
 * keys): text outside `{…}` is printed as is; inside, `.field`, `['key']`, `..` (recursive descent), `*`,
 * `[n]`, `[start:end:step]` (negative from the end), `[a,b]` unions, `[?(@.x == 'y')]` filters
 * (==, !=, <, >, <=, >=, or existence), quoted literals such as `{"\n"}`, and `{range …}…{end}`.
 * Several results of one action are joined by a space; maps and lists print as compact JSON.
 */
export function jsonpath(template: string, data: unknown): string {
  return run(parseTemplate(template), [data])
}

/** Parses a template, throwing a JsonPathError that says what is wrong (kubectl's parser messages). */
export function parseTemplate(template: string): Block {
  const root: Block = []
  const stack: Block[] = [root]
  let i = 0
  while (i < template.length) {
    const open = template.indexOf('{', i)
    if (open < 0) {
      stack.at(-1)!.push({kind: 'text', text: template.slice(i)})
      break
    }
    if (open > i) stack.at(-1)!.push({kind: 'text', text: template.slice(i, open)})
    const close = closingBrace(template, open)
    const action = template.slice(open + 1, close).trim()
    i = close + 1
    if (action === 'end') {
      if (stack.length === 1) throw new JsonPathError('not in range, nothing to end')
      stack.pop()
    } else if (action.startsWith('range ') || action === 'range') {
      const node: Node = {kind: 'range', path: parsePath(action.slice(5).trim()), body: []}
      stack.at(-1)!.push(node)
      stack.push(node.body)
    } else if (/^(["']).*\1$/s.test(action)) stack.at(-1)!.push({kind: 'text', text: unquote(action)})
    else stack.at(-1)!.push({kind: 'path', path: parsePath(action)})
  }
  if (stack.length > 1) throw new JsonPathError('range without end')
  return root
}

export class JsonPathError extends Error {}

type Block = Node[]
type Node = {kind: 'text'; text: string} | {kind: 'path'; path: Step[]} | {kind: 'range'; path: Step[]; body: Block}
type Step =
  | {kind: 'field'; name: string}
  | {kind: 'wildcard'}
  | {kind: 'recursive'}
  | {kind: 'slice'; start?: number; end?: number; step?: number; single: boolean}
  | {kind: 'union'; paths: Step[][]}
  | {kind: 'filter'; left: Step[]; op?: string; right?: Step[] | {literal: unknown}}

function closingBrace(text: string, open: number): number {
  let quote = ''
  for (let j = open + 1; j < text.length; j++) {
    const c = text[j]
    if (quote) {
      if (c === '\\') j++
      else if (c === quote) quote = ''
    } else if (c === '"' || c === "'") quote = c
    else if (c === '}') return j
  }
  throw new JsonPathError('unclosed action')
}

function parsePath(text: string): Step[] {
  const steps: Step[] = []
  let i = 0
  const s = text.trim()
  if (s.startsWith('$') || s.startsWith('@')) i = 1
  while (i < s.length) {
    if (s.startsWith('..', i)) {
      steps.push({kind: 'recursive'})
      i += 2
      if (/[\w]/.test(s[i] ?? '')) i = readField(s, i, steps)
    } else if (s[i] === '.') i = readField(s, i + 1, steps)
    else if (s.startsWith('[?(', i)) {
      const end = filterEnd(s, i + 3)
      steps.push(parseFilter(s.slice(i + 3, end)))
      i = end + 2
    } else if (s[i] === '[') {
      const end = s.indexOf(']', i)
      if (end < 0) throw new JsonPathError('unterminated array')
      steps.push(parseBracket(s.slice(i + 1, end)))
      i = end + 1
    } else if (s[i] === ' ') i++
    else throw new JsonPathError(`unrecognized character in action: "${s[i]}" in "${text}"`)
  }
  return steps
}

function readField(s: string, i: number, steps: Step[]): number {
  let name = ''
  while (i < s.length && !'.[]{}$@ ,'.includes(s[i])) {
    if (s[i] === '\\' && i + 1 < s.length) i++
    name += s[i++]
  }
  if (name === '') return i
  steps.push(name === '*' ? {kind: 'wildcard'} : {kind: 'field', name})
  return i
}

function parseBracket(inner: string): Step {
  const text = inner.trim() === '*' ? ':' : inner.trim()
  const parts = text.split(',')
  if (parts.length > 1) return {kind: 'union', paths: parts.map((p) => [parseBracket(p.trim())])}
  if (parts[0] === '') throw new JsonPathError('invalid array index')
  // client-go parses ['a.b'] as the path .a.b (parser.go parseArray, "dict key"); a literal dot needs \\.
  const key = /^'([^']*)'$/.exec(text)
  if (key) return {kind: 'union', paths: [parsePath('.' + key[1])]}
  const m = /^(-?\d*)(:(-?\d*))?(:(-?\d*))?$/.exec(text)
  if (!m) throw new JsonPathError(`invalid array index ${text}`)
  const num = (v: string | undefined) => (v === undefined || v === '' ? undefined : Number(v))
  if (m[2] === undefined) {
    if (m[1] === '') throw new JsonPathError(`invalid array index ${text}`)
    return {kind: 'slice', start: Number(m[1]), single: true}
  }
  return {kind: 'slice', start: num(m[1]), end: num(m[3]), step: num(m[5]), single: false}
}

function filterEnd(s: string, from: number): number {
  let quote = ''
  for (let j = from; j < s.length; j++) {
    const c = s[j]
    if (quote) {
      if (c === quote && s[j - 1] !== '\\') quote = ''
    } else if (c === '"' || c === "'") quote = c
    else if (c === ')' && s[j + 1] === ']') return j
  }
  throw new JsonPathError('unterminated filter')
}

function parseFilter(text: string): Step {
  const m = /^([^!<>=]+)(==|!=|<=|>=|<|>)(.+)$/.exec(text)
  if (!m) return {kind: 'filter', left: parsePath(text)}
  const right = m[3].trim()
  const literal = /^(["']).*\1$/.test(right)
    ? {literal: unquote(right)}
    : /^-?\d+(\.\d+)?$/.test(right)
      ? {literal: Number(right)}
      : right === 'true' || right === 'false'
        ? {literal: right === 'true'}
        : parsePath(right)
  return {kind: 'filter', left: parsePath(m[1].trim()), op: m[2], right: literal}
}

function unquote(quoted: string): string {
  const body = quoted.slice(1, -1)
  return body.replace(/\\(.)/g, (_, c: string) => ({n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', "'": "'"})[c] ?? c)
}

function run(block: Block, current: unknown[]): string {
  let out = ''
  for (const node of block) {
    if (node.kind === 'text') out += node.text
    else if (node.kind === 'path') out += evaluate(node.path, current).map(print).join(' ')
    else for (const item of evaluate(node.path, current)) out += run(node.body, [item])
  }
  return out
}

function evaluate(path: Step[], input: unknown[]): unknown[] {
  let values = input
  // A union evaluates each of its paths over all current values in turn (client-go evalUnion).
  for (const step of path) values = step.kind === 'union' ? step.paths.flatMap((p) => evaluate(p, values)) : values.flatMap((v) => apply(step, v))
  return values
}

function apply(step: Exclude<Step, {kind: 'union'}>, value: unknown): unknown[] {
  if (value === null || value === undefined) return []
  switch (step.kind) {
    case 'field':
      return isMap(value) && Object.prototype.hasOwnProperty.call(value, step.name) ? [value[step.name]] : []
    case 'wildcard':
      return children(value)
    case 'recursive':
      return descendants(value)
    case 'slice':
      return slice(step, value)
    case 'filter':
      if (!Array.isArray(value)) throw new JsonPathError(`${JSON.stringify(value)} is not array or slice and cannot be filtered`)
      return value.filter((item) => passes(step, item))
  }
}

function slice(step: Extract<Step, {kind: 'slice'}>, value: unknown): unknown[] {
  if (!Array.isArray(value)) throw new JsonPathError(`${JSON.stringify(value)} is not array or slice`)
  const n = value.length
  const from = step.start === undefined ? 0 : step.start < 0 ? step.start + n : step.start
  if (step.single) {
    if (from < 0 || from >= n) throw new JsonPathError(`array index out of bounds: index ${step.start}, length ${n}`)
    return [value[from]]
  }
  const to = step.end === undefined ? n : step.end < 0 ? step.end + n : Math.min(step.end, n)
  if ((step.step ?? 1) <= 0) throw new JsonPathError('step must be > 0')
  const out = []
  for (let i = Math.max(0, from); i < to; i += step.step ?? 1) out.push(value[i])
  return out
}

function passes(step: Extract<Step, {kind: 'filter'}>, item: unknown): boolean {
  const lefts = evaluate(step.left, [item])
  if (!step.op) return lefts.length > 0
  const rights = step.right && 'literal' in step.right ? [step.right.literal] : evaluate(step.right as Step[], [item])
  if (lefts.length !== 1 || rights.length !== 1) return false
  const [a, b] = [lefts[0], rights[0]]
  switch (step.op) {
    case '==':
      return a === b
    case '!=':
      return a !== b
    default: {
      if (typeof a !== typeof b || (typeof a !== 'number' && typeof a !== 'string')) throw new JsonPathError(`cannot compare ${JSON.stringify(a)} with ${JSON.stringify(b)}`)
      const [x, y] = [a as number | string, b as number | string]
      return step.op === '<' ? x < y : step.op === '>' ? x > y : step.op === '<=' ? x <= y : x >= y
    }
  }
}

function children(value: unknown): unknown[] {
  if (Array.isArray(value)) return value
  if (isMap(value)) return Object.values(value)
  return []
}

function descendants(value: unknown): unknown[] {
  const kids = children(value)
  return kids.length === 0 ? [] : [value, ...kids.flatMap(descendants)]
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function print(v: unknown): string {
  if (v === null || v === undefined) return ''
  return typeof v === 'object' ? JSON.stringify(v) : String(v)
}
