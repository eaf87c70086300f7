import {describe, expect, test} from 'vitest'
import {ipCells} from '../../src/diff/ip-cells.js'
import {pathWitness} from '../../src/diff/regex-witness.js'

describe('pathWitness', () => {
  test.each([
    {name: 'literal', regex: '/get', want: '/get'},
    {name: 'dot star', regex: '/status.*', want: '/status'},
    {name: 'plus and class', regex: '/a/[0-9]+', want: '/a/0'},
    {name: 'alternation takes the first', regex: '/(get|post)', want: '/get'},
    {name: 'escapes and counts', regex: '/v\\d{2}/x\\.json', want: '/v00/x.json'},
    {name: 'negated class', regex: '/[^/]+', want: '/a'},
    {name: 'anything', regex: '.*', want: '/'},
    // RE2 syntax reference: these constructs, read as RE2 reads them (shortest path, letters first).
    {name: 'negated class with an escaped colon', regex: '/[^\\:]', want: '/a'},
    {name: 'case-insensitive flag', regex: '(?i)/GET', want: '/get'},
    {name: 'ASCII class', regex: '/[[:digit:]]{2}', want: '/00'},
    {name: 'Unicode class', regex: '/\\pL', want: '/a'},
    {name: 'text anchors', regex: '\\A/x\\z', want: '/x'},
    {name: 'quoted text', regex: '/\\Q.*\\E', want: '/.*'},
    {name: 'word boundaries', regex: '/a\\b.\\bb', want: '/a/b'},
    {name: 'lookahead is not RE2', regex: '/(?=a)a', want: null},
    {name: 'backreference is not RE2', regex: '/(a)\\1', want: null},
    {name: 'no path can match a regex without the leading slash', regex: 'get', want: null},
  ])('$name: $regex', ({regex, want}) => {
    expect(pathWitness({kind: 'regex', value: regex, mode: 'full'})).toBe(want)
  })
})

describe('ipCells', () => {
  test('one address per cell of nested and disjoint ranges', () => {
    expect(ipCells(['10.0.0.0/16', '10.0.0.0/24', '192.168.1.7'])).toEqual(['10.0.0.1', '10.0.1.1', '192.168.1.7'])
  })
  test('no ranges, no cells', () => {
    expect(ipCells([])).toEqual([])
  })
})
