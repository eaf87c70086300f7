import {describe, expect, test} from 'vitest'
import {egressesBySource} from '../../sim/compile/osm/policies.js'
import {find, ofKind} from '../../sim/compile/select.js'
import type {Resource} from '../../src/model/resource.js'
import {resource} from '../helpers/resource.js'

/*
 * The editor replaces one object per keystroke by one of the same kind, namespace and name; the set's lookups
 * are then patched from the previous set's (sim/compile/select.ts). Whatever the history, they must answer as
 * their definitions say: find gives the first object of that key in input order, ofKind every object of the
 * kind in input order, egressesBySource each Egress once per ServiceAccount source entry, in input order.
 */

const routeGroup = (path: string) =>
  resource({apiVersion: 'specs.smi-spec.io/v1alpha4', kind: 'HTTPRouteGroup', metadata: {name: 'routes', namespace: 'team-0'}, spec: {matches: [{name: 'm', pathRegex: path}]}})
const egress = (accounts: string[]) =>
  resource({
    apiVersion: 'policy.openservicemesh.io/v1alpha1',
    kind: 'Egress',
    metadata: {name: 'e', namespace: 'team-0'},
    spec: {sources: accounts.map((name) => ({kind: 'ServiceAccount', name, namespace: 'team-0'})), hosts: ['a.example'], ports: [{number: 443, protocol: 'https'}]},
  })

/** Each set asked in turn, as successive keystrokes ask them. */
const asked = (...sets: Resource[][]) => sets.map((resources) => ({resources}))

describe('lookups of a set that replaces objects of the set before it', () => {
  test('find gives the first object of the key, whichever of two of the same key was replaced', () => {
    const [first, second, first2, second2] = [routeGroup('/a'), routeGroup('/b'), routeGroup('/c'), routeGroup('/d')]
    const [a, b, c] = asked([first, second], [first, second2], [first2, second2])
    expect(find(a, 'HTTPRouteGroup', 'team-0', 'routes')).toBe(first)
    expect(find(b, 'HTTPRouteGroup', 'team-0', 'routes')).toBe(first)
    expect(find(c, 'HTTPRouteGroup', 'team-0', 'routes')).toBe(first2)
    expect(ofKind(c, 'HTTPRouteGroup')).toEqual([first2, second2])
  })

  test('an Egress whose sources were edited is listed under its new sources only', () => {
    const [before, after, other] = [egress(['app']), egress(['job', 'job']), egress(['app'])]
    const [a, b] = asked([before, other], [after, other])
    expect(egressesBySource(a)).toEqual(new Map([['team-0/app', [before, other]]]))
    expect([...egressesBySource(b)]).toEqual([
      ['team-0/job', [after, after]],
      ['team-0/app', [other]],
    ])
  })

  test('an Egress edited elsewhere keeps its place in the lists of its sources', () => {
    const [before, after, other] = [egress(['app', 'job']), egress(['app', 'job']), egress(['app'])]
    const [a, b] = asked([other, before], [other, after])
    expect(egressesBySource(a).get('team-0/app')).toEqual([other, before])
    expect(egressesBySource(b)).toEqual(
      new Map([
        ['team-0/app', [other, after]],
        ['team-0/job', [after]],
      ]),
    )
  })
})
