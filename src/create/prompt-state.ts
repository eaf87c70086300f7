import {type Askable, type CreateMesh, problemWith} from './spec.js'

/** The interactive prompt as a pure reducer (STYLE §13): one question per missing argument, in order. */
export interface PromptState {
  mesh: CreateMesh
  questions: Askable[]
  /** Index of the question being answered; questions.length when done. */
  at: number
  answers: Partial<Record<Askable, string[]>>
  typed: string
  error: string | null
}

export type PromptAction = {type: 'type'; text: string} | {type: 'erase'} | {type: 'submit'}

export const QUESTIONS: Record<Askable, {label: string; example: string}> = {
  name: {label: 'Policy name', example: 'httpbin'},
  from: {label: 'Client (NAMESPACE/SERVICEACCOUNT)', example: 'curl/curl'},
  host: {label: 'Destination host(s), comma-separated', example: 'httpbin.org'},
  port: {label: 'Port(s) as PORT/PROTOCOL, comma-separated', example: '443/https'},
}

export function initialPrompt(questions: Askable[], mesh: CreateMesh): PromptState {
  return {mesh, questions, at: 0, answers: {}, typed: '', error: null}
}

export const isDone = (s: PromptState): boolean => s.at >= s.questions.length

export function reduce(s: PromptState, a: PromptAction): PromptState {
  if (isDone(s)) return s
  if (a.type === 'type') return {...s, typed: s.typed + a.text, error: null}
  if (a.type === 'erase') return {...s, typed: s.typed.slice(0, -1), error: null}
  const field = s.questions[s.at]
  const values = s.typed
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean)
  if (values.length === 0) return {...s, error: 'an answer is needed (Ctrl-C to stop)'}
  if (values.length > 1 && (field === 'name' || field === 'from')) return {...s, error: 'one value only'}
  const problem = values.map((v) => problemWith(field, v, s.mesh)).find((p) => p !== null)
  if (problem) return {...s, error: problem}
  return {...s, at: s.at + 1, answers: {...s.answers, [field]: values}, typed: '', error: null}
}
