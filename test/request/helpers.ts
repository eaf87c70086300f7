import {expect} from 'vitest'
import {requestFrom, type Request, type RequestError} from '../../sim/request/index.js'

/** The request a line parses to; fails the test with the parser's error otherwise. */
export function parsed(line: string | string[]): Request {
  const result = requestFrom(line)
  if (!result.ok) expect.fail(`${JSON.stringify(line)} did not parse: ${result.error.code} ${result.error.message}`)
  return result.value
}

/** The error a line is refused with; fails the test if it parses. */
export function refused(line: string | string[]): RequestError {
  const result = requestFrom(line)
  if (result.ok) expect.fail(`${JSON.stringify(line)} parsed, but should have been refused`)
  return result.error
}

/** toMatchObject, except that `key: undefined` in `want` asserts the key is absent (or undefined). */
export function expectMatch(actual: object, want: object): void {
  const {present, absent} = splitAbsent(want)
  for (const path of absent) expect(valueAt(actual, path), `${path.join('.')} should be absent`).toBeUndefined()
  expect(actual).toMatchObject(present)
}

function splitAbsent(want: object, prefix: string[] = []): {present: object; absent: string[][]} {
  const present: Record<string, unknown> = {}
  const absent: string[][] = []
  for (const [key, value] of Object.entries(want)) {
    if (value === undefined) absent.push([...prefix, key])
    else if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const inner = splitAbsent(value, [...prefix, key])
      present[key] = inner.present
      absent.push(...inner.absent)
    } else present[key] = value
  }
  return {present, absent}
}

function valueAt(object: unknown, path: string[]): unknown {
  return path.reduce<unknown>((o, key) => (o as Record<string, unknown> | undefined)?.[key], object)
}
