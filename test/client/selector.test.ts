import {describe, expect, test} from 'vitest'
import {selects} from '../../sim/compile/select.js'
import {parseSelector} from '../../src/client/selector.js'

// Each row: a selector as kubectl takes it and labels it must (or must not) select, per
// k8s.io/apimachinery pkg/labels/selector.go (Equals, NotEquals true on a missing key, In, NotIn, Exists, DoesNotExist).
describe('kubectl -l selectors', () => {
  test.each([
    ['app=curl', {app: 'curl'}, true],
    ['app==curl', {app: 'curl'}, true],
    ['app=curl', {app: 'curl2'}, false],
    ['app!=curl', {}, true],
    ['app!=curl', {app: 'curl'}, false],
    ['app in (curl, sleep)', {app: 'sleep'}, true],
    ['app notin (curl,sleep)', {app: 'sleep'}, false],
    ['app notin (curl,sleep)', {}, true],
    ['tier', {tier: ''}, true],
    ['!tier', {tier: 'x'}, false],
    ['app=curl,tier in (a,b),!canary', {app: 'curl', tier: 'b'}, true],
    ['app=curl,tier in (a,b),!canary', {app: 'curl', tier: 'b', canary: 'y'}, false],
    ['version=', {version: ''}, true],
  ])('%s on %j → %s', (text, labels, want) => {
    const selector = parseSelector(text)
    if ('error' in selector) throw new Error(selector.error)
    expect(selects(selector, labels as Record<string, string>)).toBe(want)
  })

  test.each([['app>1'], ['app in ()'], ['a b'], [''], ['app=(x)']])('%j is refused', (text) => {
    expect(parseSelector(text)).toHaveProperty('error')
  })
})
