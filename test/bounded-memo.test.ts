import {describe, expect, it} from 'vitest'
import {BoundedMemo} from '../sim/bounded-memo.js'

describe('BoundedMemo', () => {
  it('computes each key once, null results included, and shares the result', () => {
    const memo = new BoundedMemo<{n: number} | null>(10)
    const calls: string[] = []
    const of = (key: string) =>
      memo.get(key, () => {
        calls.push(key)
        return key === 'none' ? null : {n: key.length}
      })
    const first = of('ab')
    expect(of('ab')).toBe(first)
    expect(of('none')).toBeNull()
    expect(of('none')).toBeNull()
    expect(calls).toEqual(['ab', 'none'])
  })

  it('forgets everything when full, then fills again', () => {
    const memo = new BoundedMemo<string>(2)
    let computed = 0
    const of = (key: string) => memo.get(key, () => `${key}${++computed}`)
    expect([of('a'), of('b'), of('a')]).toEqual(['a1', 'b2', 'a1'])
    // A third key finds the memo full: a and b are forgotten, so each is computed again.
    expect([of('c'), of('c'), of('a'), of('b')]).toEqual(['c3', 'c3', 'a4', 'b5'])
  })
})
